package dev.tandem.llm.backend.ollama;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.BackendException;
import dev.tandem.llm.ChatMessage;
import dev.tandem.llm.ChatOptions;
import dev.tandem.llm.ChatPrompt;
import dev.tandem.llm.ImageInput;
import dev.tandem.llm.ResponseFormat;
import dev.tandem.llm.TokenUsage;
import dev.tandem.llm.ToolCall;
import dev.tandem.llm.backend.FunctionToolsJson;

/**
 * The JSON of Ollama's {@code /api/chat} for prompts langchain4j cannot carry whole: tools with their JSON Schemas
 * untouched, tool calls and tool results in the history, {@code format} with a schema, stop, seed and top_p.
 */
final class OllamaWire {

    static final ObjectMapper JSON = new ObjectMapper();

    private OllamaWire() {
    }

    static String request(String model, ChatPrompt prompt, Double temperature, Integer maxTokens, boolean stream) {
        ObjectNode body = JSON.createObjectNode().put("model", model).put("stream", stream);
        prompt.messages().forEach(m -> message(body.withArrayProperty("messages").addObject(), m));
        ChatOptions options = prompt.options();
        if ("function".equals(options.toolChoice().mode())) {
            // Ollama has no tool_choice: a named function is asked for by offering it alone
            options.tool(options.toolChoice().function())
                    .ifPresent(tool -> body.putRawValue("tools", FunctionToolsJson.written(List.of(tool))));
        } else if (!options.callableTools().isEmpty()) {
            body.putRawValue("tools", FunctionToolsJson.shared(options.callableTools()));
        }
        ResponseFormat format = options.responseFormat();
        if (format.schema() != null) {
            body.set("format", format.schema());
        } else if (format.json()) {
            body.put("format", "json");
        }
        ObjectNode settings = body.putObject("options");
        Double chosenTemperature = prompt.temperature() != null ? prompt.temperature() : temperature;
        Integer chosenMaxTokens = prompt.maxTokens() != null ? prompt.maxTokens() : maxTokens;
        if (chosenTemperature != null) {
            settings.put("temperature", chosenTemperature);
        }
        if (chosenMaxTokens != null) {
            settings.put("num_predict", chosenMaxTokens);
        }
        if (options.topP() != null) {
            settings.put("top_p", options.topP());
        }
        if (options.seed() != null) {
            settings.put("seed", options.seed());
        }
        if (!options.stop().isEmpty()) {
            options.stop().forEach(settings.withArrayProperty("stop")::add);
        }
        return body.toString();
    }

    private static void message(ObjectNode json, ChatMessage message) {
        json.put("role", message.role()).put("content", message.content());
        for (ToolCall call : message.toolCalls()) {
            json.withArrayProperty("tool_calls").addObject().putObject("function").put("name", call.name())
                    .set("arguments", arguments(call.arguments()));
        }
        for (ImageInput image : message.images()) {
            json.withArrayProperty("images").add(image.base64().orElseThrow(() -> new BackendException(
                    BackendException.Kind.REJECTED, "Ollama takes images only as data URLs"
                            + " (data:image/...;base64,...), not as links.", "unsupported_image", null, null)));
        }
        if ("tool".equals(message.role()) && message.toolName() != null) {
            json.put("tool_name", message.toolName());
        }
    }

    /** Ollama takes arguments as an object; arguments that are not one are passed on as the text they are. */
    private static JsonNode arguments(String arguments) {
        try {
            JsonNode parsed = JSON.readTree(arguments);
            return parsed != null && parsed.isObject() ? parsed : JSON.getNodeFactory().textNode(arguments);
        } catch (java.io.IOException notJson) {
            return JSON.getNodeFactory().textNode(arguments);
        }
    }

    /**
     * The tool calls of an answer. Ollama gives them no id, so each gets one here, as OpenAI clients need one to
     * send the tool's result back; arguments are kept as the model wrote them (an object, or a string).
     */
    static List<ToolCall> toolCalls(JsonNode calls) {
        List<ToolCall> parsed = new ArrayList<>();
        for (JsonNode call : calls) {
            JsonNode arguments = call.path("function").path("arguments");
            parsed.add(new ToolCall(callId(), call.path("function").path("name").asText(""),
                    arguments.isTextual() ? arguments.asText() : arguments.toString()));
        }
        return parsed;
    }

    /** The final object of an answer: reason, token counts, and the whole text and calls gathered before it. */
    static BackendAnswer answer(JsonNode done, String text, List<ToolCall> calls) {
        Map<String, Long> reported = new LinkedHashMap<>();
        for (String field : new String[] {"prompt_eval_count", "eval_count"}) {
            if (done.path(field).isNumber()) {
                reported.put(field, done.path(field).asLong());
            }
        }
        String reason = "length".equals(done.path("done_reason").asText()) ? "length"
                : calls.isEmpty() ? "stop" : "tool_calls";
        return new BackendAnswer(text, reason, new TokenUsage(reported.getOrDefault("prompt_eval_count", 0L),
                reported.getOrDefault("eval_count", 0L), reported), calls);
    }

    private static String callId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "call_" + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
    }
}
