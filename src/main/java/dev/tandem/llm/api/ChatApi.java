package dev.tandem.llm.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.tandem.json.RawFields;
import dev.tandem.llm.Backends;
import dev.tandem.llm.Prices;
import dev.tandem.llm.TokenUsage;
import dev.tandem.llm.ToolCall;
import dev.tandem.llm.agent.AgentLoop;
import dev.tandem.llm.agent.AgentRequest;
import dev.tandem.llm.agent.StepListener;
import dev.tandem.llm.plan.BranchResult;
import dev.tandem.llm.plan.ClientStream;
import dev.tandem.llm.plan.CompletionRequest;
import dev.tandem.llm.plan.PlanRun;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * The HTTP side of the {@code llm-chat} flow: reads {@code /v1/chat/completions} and {@code /api/ask} requests and
 * writes their answers, OpenAI-compatible, as JSON or as server-sent events.
 */
public final class ChatApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The exchange property holding the client's HTTP response, which the answer is written to. */
    private static final String RESPONSE = "tandemChatResponse";

    private final Prices prices;
    private final Backends backends;

    public ChatApi(Prices prices, Backends backends) {
        this.prices = prices;
        this.backends = backends;
    }

    public void readCompletion(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        HttpServerResponse response = answerTo(exchange);
        byte[] bytes = in.getBody(byte[].class); // its function tools kept as text: agents send them alike each time
        JsonNode body = bytes == null ? MissingNode.getInstance() : RawFields.read(JSON, bytes, "tools");
        CompletionRequest request = CompletionRequests.fromOpenAi(body, in.getHeader("X-Tandem-Strategy",
                String.class));
        Optional<AgentRequest> agent = AgentRequests.read(body.path("tandem"), request, "tandem.");
        if (!request.hybrid() && backends.byId(request.model()).isEmpty()) {
            throw ModelCatalog.notFound(request.model()); // here, where the HTTP error handling answers it
        }
        in.setBody(request);
        agent.ifPresent(a -> exchange.setProperty(AgentRequest.PROPERTY, a));
        if (request.stream()) {
            LiveStream live = new LiveStream(response, completionId(), System.currentTimeMillis() / 1000,
                    request.model());
            exchange.setProperty(ClientStream.PROPERTY, live);
            agent.ifPresent(a -> exchange.setProperty(AgentLoop.STEPS, (StepListener) step -> live.step(step,
                    Map.of("X-Tandem-Agent", a.strategy().name()))));
        }
    }

    public void readAsk(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        answerTo(exchange);
        JsonNode body = json(in);
        CompletionRequest request = CompletionRequests.fromAsk(body);
        in.setBody(request);
        AgentRequests.read(body, request, "").ifPresent(a -> exchange.setProperty(AgentRequest.PROPERTY, a));
    }

    /** The request's own exchange: where its answer goes, and whose completion counts its usage. */
    private static HttpServerResponse answerTo(Exchange exchange) {
        HttpServerResponse response = exchange.getMessage(HttpMessage.class).getResponse();
        exchange.setProperty(RESPONSE, response);
        CallerUsage.request(exchange);
        return response;
    }

    /** The body's bytes straight to the parser: read as a String, they were decoded and copied three times over. */
    private static JsonNode json(Message in) throws IOException {
        InputStream body = in.getBody(InputStream.class);
        return body == null ? MissingNode.getInstance() : JSON.readTree(body);
    }

    public void writeCompletion(Exchange exchange) throws JsonProcessingException {
        ChatOutcome outcome = outcome(exchange);
        CompletionRequest request = outcome.run().request();
        Optional<LiveStream> live = Optional.ofNullable(exchange.getProperty(ClientStream.PROPERTY,
                LiveStream.class));
        if (!outcome.answered()) {
            if (live.isPresent() && live.get().started()) {
                ChatOutcome.Failure f = outcome.failure();
                live.get().fail(f.type(), f.code(), f.message(), outcome.metadata());
                return;
            }
            throw outcome.asApiException();
        }
        recordCost(outcome);
        if (live.isPresent()) {
            // a stream that never went live (the answer had to be complete first) is sent whole now
            if (!live.get().started()) {
                live.get().start(outcome.headers());
                outcome.pieces().stream().filter(piece -> !piece.isEmpty()).forEach(live.get()::piece);
                live.get().toolCalls(outcome.toolCalls(), request.legacyFunctions());
            }
            live.get().finish(finishReason(outcome, request),
                    request.includeUsage() ? usage(outcome.totalUsage()) : null, outcome.metadata());
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", completionId());
        body.put("object", "chat.completion");
        body.put("created", System.currentTimeMillis() / 1000);
        body.put("model", outcome.winner().backend().id());
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("message", message(outcome, request));
        choice.put("finish_reason", finishReason(outcome, request));
        body.put("choices", List.of(choice));
        body.put("usage", usage(outcome.totalUsage()));
        body.put("tandem", outcome.metadata());
        respondJson(exchange, outcome, body);
    }

    /** The assistant message: its text (null when it only calls tools) and its tool calls, legacy form included. */
    private static Map<String, Object> message(ChatOutcome outcome, CompletionRequest request) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        List<ToolCall> calls = outcome.toolCalls();
        message.put("content", calls.isEmpty() || !outcome.text().isEmpty() ? outcome.text() : null);
        if (!calls.isEmpty() && request.legacyFunctions()) {
            message.put("function_call", Map.of("name", calls.get(0).name(), "arguments", calls.get(0).arguments()));
        } else if (!calls.isEmpty()) {
            message.put("tool_calls", calls.stream().map(call -> Map.of("id", call.id(), "type", "function",
                    "function", Map.of("name", call.name(), "arguments", call.arguments()))).toList());
        }
        return message;
    }

    private static String finishReason(ChatOutcome outcome, CompletionRequest request) {
        if (outcome.toolCalls().isEmpty()) {
            return outcome.finishReason();
        }
        return request.legacyFunctions() ? "function_call" : "tool_calls";
    }

    public void writeAsk(Exchange exchange) throws JsonProcessingException {
        ChatOutcome outcome = outcome(exchange);
        Map<String, Object> body = outcome.askAnswer();
        if (outcome.answered()) {
            recordCost(outcome);
        }
        respondJson(exchange, outcome, body);
    }

    private static Map<String, Object> usage(TokenUsage usage) {
        return Map.of("prompt_tokens", usage.inputTokens(), "completion_tokens", usage.outputTokens(),
                "total_tokens", usage.totalTokens());
    }

    /**
     * Sends the answer at once, from the thread that has it, as the streams are sent. Handed back through the route,
     * it would reach the client only after the route's end (its unit of work, its metrics) had run and the HTTP
     * worker waiting for the route had woken up. platform-http leaves a response that has ended as it is.
     */
    private void respondJson(Exchange exchange, ChatOutcome outcome, Map<String, Object> body)
            throws JsonProcessingException {
        Buffer json = Buffer.buffer(JSON.writeValueAsBytes(body));
        HttpServerResponse response = exchange.getProperty(RESPONSE, HttpServerResponse.class);
        exchange.getMessage().setBody(null);
        if (response.ended()) {
            return;
        }
        response.setStatusCode(200);
        outcome.headers().forEach(response::putHeader);
        response.putHeader("Content-Type", "application/json");
        response.end(json);
    }

    private void recordCost(ChatOutcome outcome) {
        for (BranchResult r : outcome.run().answered()) {
            prices.of(r.backend().id()).ifPresent(p -> outcome.run().gate(r.step()).recordCost(p.of(r.answer().usage())));
        }
    }

    /** A unique id for the answer; not a secret, so it need not cost a read of the system's secure random source. */
    private static String completionId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "chatcmpl-" + new UUID(random.nextLong(), random.nextLong());
    }

    private ChatOutcome outcome(Exchange exchange) {
        return new ChatOutcome(exchange.getProperty(PlanRun.PROPERTY, PlanRun.class), prices);
    }

}
