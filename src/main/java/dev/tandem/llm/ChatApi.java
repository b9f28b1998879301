package dev.tandem.llm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.http.ApiException;
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

    private final Prices prices;

    public ChatApi(Prices prices) {
        this.prices = prices;
    }

    public void readCompletion(Exchange exchange) throws JsonProcessingException {
        Message in = exchange.getMessage();
        in.setBody(CompletionRequest.fromOpenAi(json(in), in.getHeader("X-Tandem-Strategy", String.class)));
    }

    public void readAsk(Exchange exchange) throws JsonProcessingException {
        Message in = exchange.getMessage();
        in.setBody(CompletionRequest.fromAsk(json(in)));
    }

    private static JsonNode json(Message in) throws JsonProcessingException {
        String body = in.getBody(String.class);
        return JSON.readTree(body == null ? "" : body);
    }

    public void writeCompletion(Exchange exchange) throws JsonProcessingException {
        ChatOutcome outcome = outcome(exchange);
        if (!outcome.answered()) {
            throw failure(outcome);
        }
        recordCost(outcome);
        CompletionRequest request = outcome.run().request();
        String id = "chatcmpl-" + UUID.randomUUID();
        long created = System.currentTimeMillis() / 1000;
        if (request.stream()) {
            stream(exchange, outcome, id, created);
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("object", "chat.completion");
        body.put("created", created);
        body.put("model", request.model());
        body.put("choices", List.of(Map.of("index", 0,
                "message", Map.of("role", "assistant", "content", outcome.text()),
                "finish_reason", outcome.finishReason())));
        body.put("usage", usage(outcome.totalUsage()));
        body.put("tandem", outcome.metadata());
        respondJson(exchange, outcome, body);
    }

    public void writeAsk(Exchange exchange) throws JsonProcessingException {
        ChatOutcome outcome = outcome(exchange);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("question", outcome.run().request().question());
        if (outcome.answered()) {
            recordCost(outcome);
            body.put("answer", outcome.text());
            body.put("model", outcome.winner().backend().id());
            body.put("citations", outcome.citations());
        } else if (!outcome.run().passages().isEmpty()) {
            ChatOutcome.Failure failure = outcome.failure();
            body.put("answer", "No language model is reachable, so here are the passages from your documents that"
                    + " match the question. " + failure.message());
            body.put("model", null);
            body.put("extractive", true);
            body.put("citations", outcome.run().passages());
        } else {
            throw failure(outcome);
        }
        body.put("tandem", outcome.metadata());
        respondJson(exchange, outcome, body);
    }

    private void stream(Exchange exchange, ChatOutcome outcome, String id, long created)
            throws JsonProcessingException {
        HttpServerResponse response = exchange.getMessage(HttpMessage.class).getResponse();
        response.setChunked(true);
        response.putHeader("Content-Type", "text/event-stream");
        response.putHeader("Cache-Control", "no-cache");
        outcome.headers().forEach(response::putHeader);
        String model = outcome.run().request().model();
        response.write(event(chunk(id, created, model, Map.of("role", "assistant", "content", ""), null)));
        for (String piece : outcome.pieces()) {
            response.write(event(chunk(id, created, model, Map.of("content", piece), null)));
        }
        response.write(event(chunk(id, created, model, Map.of(), outcome.finishReason())));
        if (outcome.run().request().includeUsage()) {
            Map<String, Object> last = new LinkedHashMap<>();
            last.put("id", id);
            last.put("object", "chat.completion.chunk");
            last.put("created", created);
            last.put("model", model);
            last.put("choices", List.of());
            last.put("usage", usage(outcome.totalUsage()));
            last.put("tandem", outcome.metadata());
            response.write(event(last));
        }
        response.end("data: [DONE]\n\n");
    }

    private static Map<String, Object> chunk(String id, long created, String model, Map<String, Object> delta,
            String finishReason) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("delta", delta);
        choice.put("finish_reason", finishReason);
        Map<String, Object> chunk = new LinkedHashMap<>();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        chunk.put("choices", List.of(choice));
        return chunk;
    }

    private static String event(Object data) throws JsonProcessingException {
        return "data: " + JSON.writeValueAsString(data) + "\n\n";
    }

    private static Map<String, Object> usage(TokenUsage usage) {
        return Map.of("prompt_tokens", usage.inputTokens(), "completion_tokens", usage.outputTokens(),
                "total_tokens", usage.totalTokens());
    }

    private void respondJson(Exchange exchange, ChatOutcome outcome, Map<String, Object> body)
            throws JsonProcessingException {
        Message out = exchange.getMessage();
        outcome.headers().forEach(out::setHeader);
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(JSON.writeValueAsString(body));
    }

    private void recordCost(ChatOutcome outcome) {
        for (BranchResult r : outcome.run().answered()) {
            prices.of(r.backend().id()).ifPresent(p -> outcome.run().gate(r.step()).recordCost(p.of(r.answer().usage())));
        }
    }

    private ChatOutcome outcome(Exchange exchange) {
        return new ChatOutcome(exchange.getProperty(PlanRun.PROPERTY, PlanRun.class), prices);
    }

    private static ApiException failure(ChatOutcome outcome) {
        ChatOutcome.Failure f = outcome.failure();
        Map<String, Object> tandem = new LinkedHashMap<>(outcome.metadata());
        if (!outcome.run().passages().isEmpty()) {
            tandem.put("passages", new ArrayList<>(outcome.run().passages()));
            tandem.put("extractive_answer", outcome.extractiveAnswer());
        }
        Map<String, String> headers = new LinkedHashMap<>(outcome.headers());
        if (f.retryAfterSeconds() != null) {
            headers.put("Retry-After", f.retryAfterSeconds());
        }
        return new ApiException(f.status(), f.type(), f.code(), f.message(), Map.of("tandem", tandem), headers);
    }
}
