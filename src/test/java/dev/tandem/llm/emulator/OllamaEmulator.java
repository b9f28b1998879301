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

/**
 * Ollama's HTTP API as far as Tandem uses it: {@code POST /api/chat} (NDJSON stream or one object),
 * {@code POST /api/show}, {@code GET /api/tags}, {@code GET /api/version}. Like Ollama, it answers 404 to a chat with a
 * model it does not serve, and records it as a {@link Violations violation}.
 */
public final class OllamaEmulator extends EmulatorServer {

    /** What {@code /api/show} and {@code /api/tags} say about the one model served. */
    public record Model(String name, String architecture, String family, String parameterSize, String quantization,
            int contextLength, List<String> capabilities) {

        public static final Model LLAMA_3_2 = new Model("llama3.2", "llama", "llama", "3.2B", "Q4_K_M", 131072,
                List.of("completion", "tools"));
    }

    private static final String NDJSON = "application/x-ndjson";
    private static final String APPLICATION_JSON = "application/json; charset=utf-8";

    private volatile Model model = Model.LLAMA_3_2;

    private OllamaEmulator() {
        super(request -> Reply.text("Paris is the capital of France."));
    }

    public static OllamaEmulator start() {
        OllamaEmulator emulator = new OllamaEmulator();
        return emulator.listen(emulator);
    }

    public void serve(Model served) {
        this.model = served;
    }

    @Override
    boolean wantsStream(JsonNode body) {
        return body.path("stream").asBoolean(true); // Ollama streams unless told not to
    }

    @Override
    void handle(HttpServerRequest request, EmulatedRequest received) {
        HttpServerResponse response = request.response();
        String route = request.method() + " " + request.path();
        switch (route) {
            case "POST /api/chat" -> chat(request, received);
            case "POST /api/show" -> show(response, received.body());
            case "GET /api/tags" -> response.putHeader("Content-Type", APPLICATION_JSON).end(json(tags()));
            case "GET /api/version" -> response.putHeader("Content-Type", APPLICATION_JSON).end("{\"version\":\"0.12.6\"}");
            default -> response.setStatusCode(404).end("404 page not found");
        }
    }

    private void chat(HttpServerRequest request, EmulatedRequest received) {
        HttpServerResponse response = request.response();
        String modelName = received.body().path("model").asText();
        if (!isServed(modelName)) {
            violations.add("a chat with model '" + modelName + "' where the configuration says '" + model.name()
                    + "'");
            response.setStatusCode(404).putHeader("Content-Type", APPLICATION_JSON).end(json(error("model \""
                    + modelName + "\" not found, try pulling it first")));
            return;
        }
        checkToolsOnTheWire(received.body());
        Reply reply = replyFor(received);
        if (reply.status() != 200) {
            sendBody(response, reply, reply.status(), APPLICATION_JSON, json(error(reply.errorMessage())));
        } else if (reply.rawBody() != null) {
            sendBody(response, reply, 200, received.stream() ? NDJSON : APPLICATION_JSON, reply.rawBody());
        } else if (received.stream()) {
            List<Buffer> tokens = new ArrayList<>();
            if (!reply.text().isEmpty()) {
                words(reply.text()).forEach(word -> tokens.add(line(message(modelName, word).put("done", false))));
            }
            if (reply.hasToolCalls()) {
                ObjectNode calls = message(modelName, "").put("done", false);
                addToolCalls(calls, reply);
                tokens.add(line(calls));
            }
            streamFrames(request, reply, NDJSON, tokens, List.of(line(done(modelName, "", reply))));
        } else {
            ObjectNode done = done(modelName, reply.text(), reply);
            addToolCalls(done, reply);
            sendBody(response, reply, 200, APPLICATION_JSON, json(done));
        }
    }

    /**
     * Ollama's tool calls: whole, in one message, with no id; arguments are an object (arguments that are not JSON
     * are sent as the string they are, as some models write them).
     */
    private static void addToolCalls(ObjectNode chunk, Reply reply) {
        for (Reply.ToolCall call : reply.toolCalls()) {
            ObjectNode function = ((ObjectNode) chunk.path("message")).withArrayProperty("tool_calls").addObject()
                    .putObject("function").put("name", call.name());
            try {
                function.set("arguments", JSON.readTree(call.arguments()));
            } catch (java.io.IOException notJson) {
                function.put("arguments", call.arguments());
            }
        }
    }

    /**
     * As Ollama reads them: tools as {@code {type: function, function: {name, parameters}}}, tool calls in the
     * history with object arguments, {@code format} "json" or a schema object.
     */
    private void checkToolsOnTheWire(JsonNode body) {
        for (JsonNode tool : body.path("tools")) {
            if (!"function".equals(tool.path("type").asText()) || !tool.path("function").path("name").isTextual()
                    || !tool.path("function").path("parameters").isObject()) {
                violations.add("a tool not in Ollama's shape {type: function, function: {name, parameters}}: "
                        + tool);
            }
        }
        for (JsonNode message : body.path("messages")) {
            for (JsonNode call : message.path("tool_calls")) {
                if (!call.path("function").path("arguments").isObject()) {
                    violations.add("a tool call in the history whose arguments are not an object: " + call);
                }
            }
        }
        JsonNode format = body.path("format");
        if (!format.isMissingNode() && !format.isObject() && !"json".equals(format.asText())) {
            violations.add("a format that is neither \"json\" nor a JSON schema: " + format);
        }
    }

    private void show(HttpServerResponse response, JsonNode body) {
        String asked = body.hasNonNull("model") ? body.path("model").asText() : body.path("name").asText();
        if (!isServed(asked)) {
            response.setStatusCode(404).putHeader("Content-Type", APPLICATION_JSON)
                    .end(json(error("model '" + asked + "' not found")));
            return;
        }
        ObjectNode card = JSON.createObjectNode();
        card.put("license", "LLAMA 3.2 COMMUNITY LICENSE AGREEMENT");
        card.put("modelfile", "FROM " + model.name());
        card.put("parameters", "stop                           \"<|eot_id|>\"\ntemperature                    0.6");
        card.put("template", "{{ if .System }}<|start_header_id|>system<|end_header_id|>{{ .System }}<|eot_id|>{{ end }}");
        card.set("details", details());
        ObjectNode info = card.putObject("model_info");
        info.put("general.architecture", model.architecture());
        info.put("general.parameter_count", 3212749888L);
        info.put(model.architecture() + ".context_length", model.contextLength());
        info.put(model.architecture() + ".embedding_length", 3072);
        model.capabilities().forEach(card.putArray("capabilities")::add);
        card.put("modified_at", "2025-05-10T12:00:00.000000000Z");
        response.putHeader("Content-Type", APPLICATION_JSON).end(json(card));
    }

    private boolean isServed(String asked) {
        return asked.equals(model.name()) || asked.equals(model.name() + ":latest");
    }

    private ObjectNode tags() {
        ObjectNode tags = JSON.createObjectNode();
        ObjectNode entry = tags.putArray("models").addObject();
        entry.put("name", model.name() + ":latest");
        entry.put("model", model.name() + ":latest");
        entry.put("modified_at", "2025-05-10T12:00:00.000000000Z");
        entry.put("size", 2019393189L);
        entry.put("digest", "a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72");
        entry.set("details", details());
        return tags;
    }

    private ObjectNode details() {
        ObjectNode details = JSON.createObjectNode();
        details.put("parent_model", "");
        details.put("format", "gguf");
        details.put("family", model.family());
        details.putArray("families").add(model.family());
        details.put("parameter_size", model.parameterSize());
        details.put("quantization_level", model.quantization());
        return details;
    }

    private static ObjectNode message(String modelName, String content) {
        ObjectNode chunk = JSON.createObjectNode();
        chunk.put("model", modelName);
        chunk.put("created_at", Instant.now().toString());
        ObjectNode message = chunk.putObject("message");
        message.put("role", "assistant");
        message.put("content", content);
        return chunk;
    }

    /** The final object of an answer: Ollama reports the reason and the token counts only here. */
    private static ObjectNode done(String modelName, String content, Reply reply) {
        ObjectNode done = message(modelName, content);
        done.put("done_reason", "length".equals(reply.finishReason()) ? "length" : "stop");
        done.put("done", true);
        done.put("total_duration", 181_553_584L);
        done.put("load_duration", 27_906_292L);
        done.put("prompt_eval_count", reply.inputTokens());
        done.put("prompt_eval_duration", 109_000_000L);
        done.put("eval_count", reply.outputTokens());
        done.put("eval_duration", 42_000_000L);
        return done;
    }

    private static ObjectNode error(String message) {
        ObjectNode error = JSON.createObjectNode();
        error.put("error", message);
        return error;
    }

    private static Buffer line(ObjectNode value) {
        return Buffer.buffer(json(value) + "\n");
    }
}
