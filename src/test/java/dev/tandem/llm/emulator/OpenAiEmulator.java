package dev.tandem.llm.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.Violations;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The OpenAI chat completions API: {@code POST /v1/chat/completions} (JSON or SSE) and {@code GET /v1/models}, with
 * OpenAI's error shape. Like OpenAI, it answers 401 to a request without {@code Authorization: Bearer <the key>} and
 * 404 to a model it does not serve, and records each as a {@link Violations violation}.
 */
public final class OpenAiEmulator extends EmulatorServer {

    private static final String APPLICATION_JSON = "application/json";
    private static final String EVENT_STREAM = "text/event-stream; charset=utf-8";

    private final AtomicLong completions = new AtomicLong();
    private final String apiKey;
    private volatile String model = "gpt-4o-mini";

    private OpenAiEmulator(String apiKey) {
        super(request -> Reply.text("Paris is the capital of France."));
        this.apiKey = apiKey;
    }

    /** An emulator that accepts only {@code apiKey}, the key the configuration under test gives Tandem. */
    public static OpenAiEmulator start(String apiKey) {
        OpenAiEmulator emulator = new OpenAiEmulator(apiKey);
        return emulator.listen(emulator);
    }

    /** The one model served (gpt-4o-mini unless told): the model the configuration under test names. */
    public void serve(String served) {
        this.model = served;
    }

    public String model() {
        return model;
    }

    public String apiKey() {
        return apiKey;
    }

    @Override
    boolean wantsStream(JsonNode body) {
        return body.path("stream").asBoolean(false);
    }

    @Override
    void handle(HttpServerRequest request, EmulatedRequest received) {
        HttpServerResponse response = request.response();
        String authorization = request.getHeader("Authorization");
        if (!("Bearer " + apiKey).equals(authorization)) {
            violations.add(request.path() + " with Authorization '" + authorization + "' instead of the configured"
                    + " key as 'Bearer <key>'");
            sendError(response, Reply.error(401, "Incorrect API key provided.").withErrorCode("invalid_api_key"));
            return;
        }
        switch (request.method() + " " + request.path()) {
            case "POST /v1/chat/completions" -> complete(request, received);
            case "GET /v1/models" -> response.putHeader("Content-Type", APPLICATION_JSON).end(json(models()));
            default -> sendError(response, Reply.error(404, "Unknown request URL: " + request.path()));
        }
    }

    private void complete(HttpServerRequest request, EmulatedRequest received) {
        HttpServerResponse response = request.response();
        String model = received.body().path("model").asText();
        if (!model.equals(this.model)) {
            violations.add("a completion for model '" + model + "' where the configuration says '" + this.model + "'");
            sendError(response, Reply.error(404, "The model `" + model + "` does not exist or you do not have access"
                    + " to it.").withErrorCode("model_not_found"));
            return;
        }
        checkToolsOnTheWire(received.body());
        Reply reply = replyFor(received);
        String id = "chatcmpl-emulated-" + completions.incrementAndGet();
        if (reply.status() != 200) {
            sendError(response, reply);
        } else if (reply.rawBody() != null) {
            sendBody(response, reply, 200, received.stream() ? EVENT_STREAM : APPLICATION_JSON, reply.rawBody());
        } else if (received.stream()) {
            stream(request, reply, received.body(), new Chunks(id, model));
        } else {
            sendBody(response, reply, 200, APPLICATION_JSON, json(completion(id, model, reply)));
        }
    }

    /**
     * As OpenAI validates them: each tool is {@code {type: function, function: {name, parameters}}}; each tool
     * message answers a call id an earlier assistant message made.
     */
    private void checkToolsOnTheWire(JsonNode body) {
        for (JsonNode tool : body.path("tools")) {
            if (!"function".equals(tool.path("type").asText()) || !tool.path("function").path("name").isTextual()
                    || !tool.path("function").path("parameters").isObject()) {
                violations.add("a tool not in OpenAI's shape {type: function, function: {name, parameters}}: "
                        + tool);
            }
        }
        java.util.Set<String> calls = new java.util.HashSet<>();
        for (JsonNode message : body.path("messages")) {
            message.path("tool_calls").forEach(call -> calls.add(call.path("id").asText()));
            if ("tool".equals(message.path("role").asText())
                    && !calls.contains(message.path("tool_call_id").asText())) {
                violations.add("a tool message for the call '" + message.path("tool_call_id").asText()
                        + "' that no assistant message made");
            }
        }
    }

    private void stream(HttpServerRequest request, Reply reply, JsonNode body, Chunks chunks) {
        List<Buffer> tokens = new ArrayList<>();
        List<String> words = reply.text().isEmpty() ? List.of() : words(reply.text());
        for (int i = 0; i < reply.toolCalls().size(); i++) {
            Reply.ToolCall call = reply.toolCalls().get(i);
            ObjectNode first = chunks.next();
            ObjectNode delta = first.putArray("choices").addObject().put("index", 0).putNull("finish_reason")
                    .putObject("delta");
            if (i == 0) {
                delta.put("role", "assistant").putNull("content");
            }
            ObjectNode header = delta.putArray("tool_calls").addObject().put("index", i).put("id", callId(i))
                    .put("type", "function");
            header.putObject("function").put("name", call.name()).put("arguments", "");
            tokens.add(event(json(first)));
            for (String piece : pieces(call.arguments())) {
                ObjectNode next = chunks.next();
                next.putArray("choices").addObject().put("index", 0).putNull("finish_reason").putObject("delta")
                        .putArray("tool_calls").addObject().put("index", i).putObject("function")
                        .put("arguments", piece);
                tokens.add(event(json(next)));
            }
        }
        for (int i = 0; i < words.size(); i++) {
            ObjectNode chunk = chunks.next();
            ObjectNode delta = chunk.putArray("choices").addObject().put("index", 0).putNull("finish_reason")
                    .putObject("delta");
            if (i == 0) {
                delta.put("role", "assistant");
            }
            delta.put("content", words.get(i));
            tokens.add(event(json(chunk)));
        }
        List<Buffer> closing = new ArrayList<>();
        ObjectNode last = chunks.next();
        last.putArray("choices").addObject().put("index", 0).put("finish_reason", reply.finishReason())
                .putObject("delta");
        closing.add(event(json(last)));
        if (body.path("stream_options").path("include_usage").asBoolean(false)) {
            ObjectNode usage = chunks.next();
            usage.putArray("choices");
            usage.set("usage", usage(reply));
            closing.add(event(json(usage)));
        }
        closing.add(event("[DONE]"));
        streamFrames(request, reply, EVENT_STREAM, tokens, closing);
    }

    /** Chunks of one streamed completion: they share its id, model and creation time. */
    private record Chunks(String id, String model, long created) {

        Chunks(String id, String model) {
            this(id, model, Instant.now().getEpochSecond());
        }

        ObjectNode next() {
            ObjectNode chunk = JSON.createObjectNode();
            chunk.put("id", id).put("object", "chat.completion.chunk").put("created", created).put("model", model);
            return chunk;
        }
    }

    private static ObjectNode completion(String id, String model, Reply reply) {
        ObjectNode completion = JSON.createObjectNode();
        completion.put("id", id).put("object", "chat.completion").put("created", Instant.now().getEpochSecond())
                .put("model", model);
        ObjectNode choice = completion.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (reply.hasToolCalls() && reply.text().isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", reply.text());
        }
        for (int i = 0; i < reply.toolCalls().size(); i++) {
            ObjectNode call = message.withArrayProperty("tool_calls").addObject().put("id", callId(i))
                    .put("type", "function");
            call.putObject("function").put("name", reply.toolCalls().get(i).name())
                    .put("arguments", reply.toolCalls().get(i).arguments());
        }
        choice.put("finish_reason", reply.finishReason());
        completion.set("usage", usage(reply));
        return completion;
    }

    private static String callId(int index) {
        return "call_emulated_" + index;
    }

    /** Arguments in pieces of up to 8 characters, as OpenAI streams them. */
    private static List<String> pieces(String arguments) {
        List<String> pieces = new ArrayList<>();
        for (int from = 0; from < arguments.length(); from += 8) {
            pieces.add(arguments.substring(from, Math.min(arguments.length(), from + 8)));
        }
        return pieces;
    }

    private static ObjectNode usage(Reply reply) {
        ObjectNode usage = JSON.createObjectNode();
        usage.put("prompt_tokens", reply.inputTokens());
        usage.put("completion_tokens", reply.outputTokens());
        usage.put("total_tokens", reply.inputTokens() + reply.outputTokens());
        return usage;
    }

    private ObjectNode models() {
        ObjectNode list = JSON.createObjectNode().put("object", "list");
        list.putArray("data").addObject().put("id", model).put("object", "model").put("created", 1721172741L)
                .put("owned_by", "system");
        return list;
    }

    private void sendError(HttpServerResponse response, Reply reply) {
        sendBody(response, reply, reply.status(), APPLICATION_JSON, json(error(reply)));
    }

    /** OpenAI's error body; the code defaults to the one OpenAI uses for the status. */
    private static ObjectNode error(Reply reply) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", reply.errorMessage());
        error.put("type", reply.status() == 429 ? "requests"
                : reply.status() >= 500 ? "server_error" : "invalid_request_error");
        error.putNull("param");
        error.put("code", reply.errorCode() != null ? reply.errorCode() : defaultCode(reply.status()));
        return body;
    }

    private static String defaultCode(int status) {
        if (status == 429) {
            return "rate_limit_exceeded";
        }
        return status >= 500 ? "server_error" : null;
    }

    private static Buffer event(String data) {
        return Buffer.buffer("data: " + data + "\n\n");
    }
}
