package dev.tandem.llm.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.http.InvalidRequestException;
import dev.tandem.llm.ChatMessage;
import dev.tandem.llm.ChatPrompt;
import dev.tandem.llm.plan.CompletionRequest;
import dev.tandem.llm.plan.Strategies;

/** Reads and validates the bodies of {@code /v1/chat/completions} and {@code /api/ask} as a {@link CompletionRequest}. */
public final class CompletionRequests {

    public static final int DEFAULT_K = 4;
    static final int MAX_K = 20;
    private static final int MAX_MESSAGES = 500;
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

    private CompletionRequests() {
    }

    /** From an OpenAI chat completion body; {@code strategyHeader} is {@code X-Tandem-Strategy} (may be null). */
    public static CompletionRequest fromOpenAi(JsonNode body, String strategyHeader) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("The body must be a JSON object with 'model' and 'messages'.");
        }
        String model = text(body, "model", CompletionRequest.HYBRID_MODEL);
        JsonNode messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw new InvalidRequestException("'messages' must be a non-empty array of {\"role\", \"content\"}.");
        }
        if (messages.size() > MAX_MESSAGES) {
            throw new InvalidRequestException("'messages' has " + messages.size() + " entries; the limit is "
                    + MAX_MESSAGES + ".");
        }
        List<ChatMessage> parsed = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            parsed.add(message(messages.get(i), i));
        }
        Integer maxTokens = body.has("max_completion_tokens") ? positive(body, "max_completion_tokens")
                : body.has("max_tokens") ? positive(body, "max_tokens") : null;
        Double temperature = null;
        if (body.hasNonNull("temperature")) {
            JsonNode t = body.get("temperature");
            if (!t.isNumber() || t.asDouble() < 0 || t.asDouble() > 2) {
                throw new InvalidRequestException("'temperature' must be a number from 0 to 2.");
            }
            temperature = t.asDouble();
        }
        if (body.path("tools").isArray() && !body.path("tools").isEmpty()) {
            throw new InvalidRequestException("'tools' (function calling) is not supported by Tandem yet; send the"
                    + " request without tools.");
        }
        if (body.path("n").asInt(1) != 1) {
            throw new InvalidRequestException("'n' other than 1 is not supported.");
        }
        boolean stream = bool(body, "stream");
        boolean includeUsage = stream && body.path("stream_options").path("include_usage").asBoolean(false);
        JsonNode tandem = body.path("tandem");
        String strategy = strategyHeader != null && !strategyHeader.isBlank() ? strategyHeader
                : tandem.hasNonNull("strategy") ? tandem.get("strategy").asText() : null;
        boolean retrieve = !tandem.has("retrieve") || tandem.path("retrieve").asBoolean(true);
        int k = tandem.has("k") ? k(tandem.get("k")) : DEFAULT_K;
        return new CompletionRequest(model, new ChatPrompt(parsed, maxTokens, temperature), stream, includeUsage,
                strategy == null ? null : Strategies.named(strategy), retrieve, k);
    }

    /** From {@code /api/ask}: {@code {question, strategy?, k?}}. */
    public static CompletionRequest fromAsk(JsonNode body) {
        if (body == null || !body.isObject() || !body.path("question").isTextual()
                || body.path("question").asText().isBlank()) {
            throw new InvalidRequestException("The body must be a JSON object such as {\"question\": \"...\"}, "
                    + "optionally with \"strategy\" and \"k\".");
        }
        String strategy = body.hasNonNull("strategy") ? body.get("strategy").asText() : null;
        int k = body.has("k") ? k(body.get("k")) : DEFAULT_K;
        return new CompletionRequest(CompletionRequest.HYBRID_MODEL,
                new ChatPrompt(List.of(ChatMessage.user(body.get("question").asText())), null, null), false, false,
                strategy == null ? null : Strategies.named(strategy), true, k);
    }

    private static ChatMessage message(JsonNode m, int index) {
        String role = m.path("role").asText("");
        if (!ROLES.contains(role)) {
            throw new InvalidRequestException("messages[" + index + "].role must be one of system, user, assistant"
                    + " (got '" + role + "').");
        }
        JsonNode content = m.path("content");
        String text;
        if (content.isTextual()) {
            text = content.asText();
        } else if (content.isArray()) {
            StringBuilder joined = new StringBuilder();
            for (JsonNode part : content) {
                if (!"text".equals(part.path("type").asText())) {
                    throw new InvalidRequestException("messages[" + index + "].content: only text parts are supported"
                            + " (got '" + part.path("type").asText() + "').");
                }
                joined.append(part.path("text").asText());
            }
            text = joined.toString();
        } else if (content.isNull() && "assistant".equals(role)) {
            text = "";
        } else {
            throw new InvalidRequestException("messages[" + index + "].content must be a string or an array of text"
                    + " parts.");
        }
        return new ChatMessage("developer".equals(role) ? "system" : role, text);
    }

    private static String text(JsonNode body, String field, String defaultValue) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return defaultValue;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new InvalidRequestException("'" + field + "' must be a non-empty string.");
        }
        return value.asText();
    }

    private static Integer positive(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
            throw new InvalidRequestException("'" + field + "' must be a positive whole number.");
        }
        return value.asInt();
    }

    private static boolean bool(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new InvalidRequestException("'" + field + "' must be true or false.");
        }
        return value.asBoolean();
    }

    private static int k(JsonNode k) {
        if (!k.isIntegralNumber() || k.asInt() < 0 || k.asInt() > MAX_K) {
            throw new InvalidRequestException("'k' must be a whole number from 0 to " + MAX_K + " (0: no documents).");
        }
        return k.asInt();
    }
}
