package dev.tandem.llm.backend.openai;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.ChatPrompt;
import dev.tandem.llm.TokenUsage;
import dev.tandem.llm.backend.BackendFailures;

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
        prompt.messages().forEach(message ->
                body.withArrayProperty("messages").addObject().put("role", message.role())
                        .put("content", message.content()));
        Double chosenTemperature = prompt.temperature() != null ? prompt.temperature() : temperature;
        Integer chosenMaxTokens = prompt.maxTokens() != null ? prompt.maxTokens() : maxTokens;
        if (chosenTemperature != null) {
            body.put("temperature", chosenTemperature);
        }
        if (chosenMaxTokens != null) {
            body.put("max_tokens", chosenMaxTokens); // what every OpenAI-compatible server understands
        }
        if (stream) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        return body.toString();
    }

    /** A complete (non-streamed) answer. */
    static BackendAnswer completion(String body, BackendFailures failures) {
        JsonNode completion = parse(body).orElseThrow(() -> failures.malformed("a body that is not JSON"));
        JsonNode choice = completion.path("choices").path(0);
        if (!choice.isObject()) {
            throw failures.malformed("JSON without choices");
        }
        String text = choice.path("message").path("content").asText("");
        if (text.isEmpty()) {
            throw failures.empty();
        }
        return new BackendAnswer(text, choice.path("finish_reason").asText("stop"), usage(completion.path("usage")));
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
