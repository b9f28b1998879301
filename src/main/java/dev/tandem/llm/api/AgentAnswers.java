package dev.tandem.llm.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.http.ApiException;
import dev.tandem.llm.Prices;
import dev.tandem.llm.TokenUsage;
import dev.tandem.llm.agent.AgentRun;
import dev.tandem.llm.agent.TurnResult;
import dev.tandem.llm.plan.BranchResult;
import dev.tandem.llm.plan.ClientStream;
import dev.tandem.llm.plan.CompletionRequest;
import dev.tandem.llm.plan.PlanRun;
import dev.tandem.tool.ToolDescriptor;
import dev.tandem.tool.ToolException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Writes what a tool loop ({@link AgentRun}) amounts to: the answer as a chat completion (JSON or the end of its
 * stream), as {@code /api/ask} answers, or as the {@code ask} tool's result; with its steps, tokens, cost and the
 * budget that ended it in the {@code tandem} object.
 */
public final class AgentAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Prices prices;

    public AgentAnswers(Prices prices) {
        this.prices = prices;
    }

    public void writeCompletion(Exchange exchange) throws JsonProcessingException {
        AgentRun run = exchange.getProperty(AgentRun.PROPERTY, AgentRun.class);
        LiveStream live = exchange.getProperty(ClientStream.PROPERTY, LiveStream.class);
        if (run.answer().isEmpty()) {
            ApiException failure = failure(run);
            if (live != null && live.started()) {
                live.fail(failure.type(), failure.code(), failure.getMessage(), metadata(run));
                return;
            }
            throw failure;
        }
        recordCost(run);
        String model = run.answeredBy().orElse(CompletionRequest.HYBRID_MODEL);
        if (live != null) {
            live.start(headers(run));
            live.piece(run.answer().get());
            live.finish("stop", run.request().asked().includeUsage() ? usage(run) : null, metadata(run));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        body.put("id", "chatcmpl-" + new UUID(random.nextLong(), random.nextLong()));
        body.put("object", "chat.completion");
        body.put("created", System.currentTimeMillis() / 1000);
        body.put("model", model);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        message.put("content", run.answer().get());
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("message", message);
        choice.put("finish_reason", "stop");
        body.put("choices", List.of(choice));
        body.put("usage", usage(run));
        body.put("tandem", metadata(run));
        respond(exchange, run, body);
    }

    public void writeAsk(Exchange exchange) throws JsonProcessingException {
        AgentRun run = exchange.getProperty(AgentRun.PROPERTY, AgentRun.class);
        if (run.answer().isEmpty()) {
            throw failure(run);
        }
        recordCost(run);
        respond(exchange, run, ask(run));
    }

    /** The {@code ask} tool's result: as {@code /api/ask} answers, a failure as the tool's error. */
    public Map<String, Object> toolAnswer(Exchange exchange) {
        AgentRun run = exchange.getProperty(AgentRun.PROPERTY, AgentRun.class);
        if (run.answer().isEmpty()) {
            ApiException failure = failure(run);
            throw new ToolException(failure.status(), failure.getMessage());
        }
        recordCost(run);
        return ask(run);
    }

    private Map<String, Object> ask(AgentRun run) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("question", run.request().asked().question());
        body.put("answer", run.answer().get());
        body.put("model", run.answeredBy().orElse(null));
        body.put("tandem", metadata(run));
        return body;
    }

    /** The last turn's failure (no model could answer it), with the steps that ran before it. */
    private ApiException failure(AgentRun run) {
        PlanRun failed = run.failedTurn().orElseThrow();
        ChatOutcome.Failure f = new ChatOutcome(failed, prices).failure();
        return new ApiException(f.status(), f.type(), f.code(), f.message(), Map.of("tandem", metadata(run)),
                headers(run));
    }

    Map<String, Object> metadata(AgentRun run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agent", run.request().strategy().name());
        CompletionRequest asked = run.request().asked();
        m.put("strategy", asked.strategy() == null ? null : asked.strategy().name());
        m.put("plan", run.plan());
        m.put("stopped_by", run.stoppedBy().orElse(null));
        m.put("tools", run.offered().stream().map(ToolDescriptor::name).toList());
        Map<String, Object> byBackend = new LinkedHashMap<>();
        for (BranchResult r : run.answered()) {
            @SuppressWarnings("unchecked")
            Map<String, Long> sum = (Map<String, Long>) byBackend.computeIfAbsent(r.backend().id(),
                    id -> new LinkedHashMap<String, Long>());
            sum.merge("input_tokens", r.answer().usage().inputTokens(), Long::sum);
            sum.merge("output_tokens", r.answer().usage().outputTokens(), Long::sum);
        }
        m.put("usage", byBackend);
        m.put("provider_tokens", run.providerTokens());
        m.put("cost_usd", cost(run).orElse(null));
        return m;
    }

    private static Map<String, String> headers(AgentRun run) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-Tandem-Agent", run.request().strategy().name());
        run.answeredBy().ifPresent(model -> h.put("X-Tandem-Winner", model));
        run.stoppedBy().ifPresent(budget -> h.put("X-Tandem-Stopped-By", budget));
        h.put("X-Tandem-Plan", run.plan().steps().stream().map(s -> (s.tool() == null ? s.name() : s.tool()) + ":"
                + s.outcome() + ":" + s.durationMs() + "ms").collect(Collectors.joining(",")));
        return h;
    }

    private static Map<String, Object> usage(AgentRun run) {
        long in = run.answered().stream().mapToLong(r -> r.answer().usage().inputTokens()).sum();
        long out = run.answered().stream().mapToLong(r -> r.answer().usage().outputTokens()).sum();
        TokenUsage total = new TokenUsage(in, out, Map.of());
        return Map.of("prompt_tokens", total.inputTokens(), "completion_tokens", total.outputTokens(),
                "total_tokens", total.totalTokens());
    }

    /** The cost of every backend answer of every turn; none when one of them has no price. */
    private Optional<Double> cost(AgentRun run) {
        double total = 0;
        for (BranchResult r : run.answered()) {
            Optional<Double> one = prices.of(r.backend().id()).map(p -> p.of(r.answer().usage()));
            if (one.isEmpty()) {
                return Optional.empty();
            }
            total += one.get();
        }
        return Optional.of(total);
    }

    private void recordCost(AgentRun run) {
        for (TurnResult turn : run.turns()) {
            for (BranchResult r : turn.run().answered()) {
                prices.of(r.backend().id()).ifPresent(p -> turn.run().gate(r.step()).recordCost(p.of(
                        r.answer().usage())));
            }
        }
    }

    private static void respond(Exchange exchange, AgentRun run, Map<String, Object> body)
            throws JsonProcessingException {
        Message out = exchange.getMessage();
        headers(run).forEach(out::setHeader);
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(JSON.writeValueAsString(body));
    }
}
