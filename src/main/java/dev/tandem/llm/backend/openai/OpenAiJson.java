package dev.tandem.llm.backend.openai;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.ChatMessage;
import dev.tandem.llm.ChatOptions;
import dev.tandem.llm.ChatPrompt;
import dev.tandem.llm.ResponseFormat;
import dev.tandem.llm.ToolCall;
import dev.tandem.llm.ToolChoice;
import dev.tandem.llm.TokenUsage;
import dev.tandem.llm.backend.BackendFailures;
import dev.tandem.llm.backend.FunctionToolsJson;

/** The JSON of the OpenAI chat completions API that Tandem writes and reads. */
final class OpenAiJson {

    /** What an OpenAI error body says: {@code {"error": {"message", "type", "param", "code"}}}. */
    record ErrorBody(String message, String code) {
    }

    static final ObjectMapper MAPPER = new ObjectMapper();

    private OpenAiJson() {
    }

    static String request(String model, ChatPrompt prompt, Double temperature, Integer maxTokens, boolean stream) {
        ObjectNode body = MAPPER.createObjectNode().put("model", model);
        prompt.messages().forEach(message -> message(body.withArrayProperty("messages").addObject(), message));
        Double chosenTemperature = prompt.temperature() != null ? prompt.temperature() : temperature;
        Integer chosenMaxTokens = prompt.maxTokens() != null ? prompt.maxTokens() : maxTokens;
        if (chosenTemperature != null) {
            body.put("temperature", chosenTemperature);
        }
        if (chosenMaxTokens != null) {
            body.put("max_tokens", chosenMaxTokens); // what every OpenAI-compatible server understands
        }
        options(body, prompt.options());
        if (stream) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        return body.toString();
    }

    private static void message(ObjectNode json, ChatMessage message) {
        json.put("role", message.role());
        if ("assistant".equals(message.role()) && message.content().isEmpty() && !message.toolCalls().isEmpty()) {
            json.putNull("content");
        } else if (!message.images().isEmpty()) {
            ArrayNode parts = json.putArray("content");
            parts.addObject().put("type", "text").put("text", message.content());
            message.images().forEach(image -> parts.addObject().put("type", "image_url").putObject("image_url")
                    .put("url", image.url()));
        } else {
            json.put("content", message.content());
        }
        for (ToolCall call : message.toolCalls()) {
            ObjectNode entry = json.withArrayProperty("tool_calls").addObject().put("id", call.id())
                    .put("type", "function");
            entry.putObject("function").put("name", call.name()).put("arguments", call.arguments());
        }
        if (message.toolCallId() != null) {
            json.put("tool_call_id", message.toolCallId());
        }
    }

    /** Tools, tool choice, answer format and sampling, as the caller sent them. */
    private static void options(ObjectNode body, ChatOptions options) {
        if (!options.tools().isEmpty()) {
            body.putRawValue("tools", FunctionToolsJson.shared(options.tools()));
            ToolChoice choice = options.toolChoice();
            if ("function".equals(choice.mode())) {
                body.putObject("tool_choice").put("type", "function").putObject("function")
                        .put("name", choice.function());
            } else {
                body.put("tool_choice", choice.mode());
            }
            if (options.parallelToolCalls() != null) {
                body.put("parallel_tool_calls", options.parallelToolCalls());
            }
        }
        ResponseFormat format = options.responseFormat();
        if (format.json()) {
            ObjectNode json = body.putObject("response_format").put("type", format.type());
            if (format.schema() != null) {
                json.putObject("json_schema").put("name", format.name()).put("strict", format.strict())
                        .set("schema", format.schema());
            }
        }
        if (!options.stop().isEmpty()) {
            options.stop().forEach(body.withArrayProperty("stop")::add);
        }
        if (options.seed() != null) {
            body.put("seed", options.seed());
        }
        if (options.topP() != null) {
            body.put("top_p", options.topP());
        }
    }

    /** The tool calls of a message or a complete answer. */
    static List<ToolCall> toolCalls(JsonNode calls) {
        List<ToolCall> parsed = new ArrayList<>();
        for (JsonNode call : calls) {
            parsed.add(new ToolCall(call.path("id").asText(""), call.path("function").path("name").asText(""),
                    call.path("function").path("arguments").asText("")));
        }
        return parsed;
    }

    /** A complete (non-streamed) answer. */
    static BackendAnswer completion(String body, BackendFailures failures) {
        JsonNode completion = parse(body).orElseThrow(() -> failures.malformed("a body that is not JSON"));
        JsonNode choice = completion.path("choices").path(0);
        if (!choice.isObject()) {
            throw failures.malformed("JSON without choices");
        }
        String text = choice.path("message").path("content").asText("");
        List<ToolCall> calls = toolCalls(choice.path("message").path("tool_calls"));
        if (text.isEmpty() && calls.isEmpty()) {
            throw failures.empty();
        }
        return new BackendAnswer(text, choice.path("finish_reason").asText("stop"), usage(completion.path("usage")),
                calls);
    }

    /** Usage as reported: {@code prompt_tokens}, {@code completion_tokens}, {@code total_tokens}. */
    static TokenUsage usage(JsonNode usage) {
        Map<String, Long> reported = new LinkedHashMap<>();
        for (String field : new String[] {"prompt_tokens", "completion_tokens", "total_tokens"}) {
            if (usage.path(field).isNumber()) {
                reported.put(field, usage.path(field).asLong());
            }
        }
        return new TokenUsage(reported.getOrDefault("prompt_tokens", 0L),
                reported.getOrDefault("completion_tokens", 0L), reported);
    }

    static ErrorBody error(String body) {
        JsonNode error = parse(body).map(json -> json.path("error")).orElse(MAPPER.missingNode());
        String message = error.isObject() ? error.path("message").asText(null)
                : error.isTextual() ? error.asText() : abbreviate(body);
        String code = error.path("code").isTextual() ? error.path("code").asText() : null;
        return new ErrorBody(message, code);
    }

    static Optional<JsonNode> parse(String json) {
        try {
            JsonNode parsed = MAPPER.readTree(json);
            return Optional.ofNullable(parsed).filter(JsonNode::isContainerNode);
        } catch (JsonProcessingException notJson) {
            return Optional.empty();
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }
}
