package dev.tandem.llm.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.http.InvalidRequestException;
import dev.tandem.llm.ChatMessage;
import dev.tandem.llm.ChatOptions;
import dev.tandem.llm.ChatPrompt;
import dev.tandem.llm.ImageInput;
import dev.tandem.llm.ToolCall;
import dev.tandem.llm.plan.CompletionRequest;
import dev.tandem.llm.plan.Strategies;

/** Reads and validates the bodies of {@code /v1/chat/completions} and {@code /api/ask} as a {@link CompletionRequest}. */
public final class CompletionRequests {

    public static final int DEFAULT_K = 4;
    static final int MAX_K = 20;
    private static final int MAX_MESSAGES = 500;
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

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
            throw new InvalidRequestException("messages",
                    "'messages' must be a non-empty array of {\"role\", \"content\"}.");
        }
        if (messages.size() > MAX_MESSAGES) {
            throw new InvalidRequestException("messages",
                    "'messages' has " + messages.size() + " entries; the limit is "
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
                throw new InvalidRequestException("temperature", "'temperature' must be a number from 0 to 2.");
            }
            temperature = t.asDouble();
        }
        if (ChatOptionsReader.present(body.path("n")) && !(body.path("n").isIntegralNumber()
                && body.path("n").asLong() == 1)) {
            throw new InvalidRequestException("n", "'n' must be 1: Tandem returns one choice per request.");
        }
        boolean legacy = ChatOptionsReader.usesLegacyFunctions(body);
        ChatOptions options = ChatOptionsReader.read(body);
        boolean stream = bool(body, "stream");
        boolean includeUsage = stream && body.path("stream_options").path("include_usage").asBoolean(false);
        JsonNode tandem = body.path("tandem");
        String strategy = strategyHeader != null && !strategyHeader.isBlank() ? strategyHeader
                : tandem.hasNonNull("strategy") ? tandem.get("strategy").asText() : null;
        boolean retrieve = !tandem.has("retrieve") || tandem.path("retrieve").asBoolean(true);
        int k = tandem.has("k") ? k(tandem.get("k")) : DEFAULT_K;
        return new CompletionRequest(model, new ChatPrompt(parsed, maxTokens, temperature, options), stream,
                includeUsage, strategy == null ? null : Strategies.named(strategy), retrieve, k, legacy);
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
            throw new InvalidRequestException("messages[" + index + "].role",
                    "messages[" + index + "].role must be one of system, developer, user,"
                    + " assistant or tool (got '" + role + "').");
        }
        String at = "messages[" + index + "]";
        return switch (role) {
            case "assistant" -> assistant(m, at);
            case "tool" -> ChatMessage.tool(content(m, at), requiredText(m, "tool_call_id", at), null);
            case "function" -> {
                String name = requiredText(m, "name", at);
                yield ChatMessage.tool(content(m, at), name, name);
            }
            case "developer" -> new ChatMessage("system", content(m, at));
            case "user" -> new ChatMessage("user", content(m, at), List.of(), null, null, images(m, at));
            default -> new ChatMessage(role, content(m, at));
        };
    }

    /** An assistant turn: its text (null when it only called tools) and the calls it made, legacy form included. */
    private static ChatMessage assistant(JsonNode m, String at) {
        List<ToolCall> calls = new ArrayList<>();
        JsonNode toolCalls = m.path("tool_calls");
        if (ChatOptionsReader.present(toolCalls)) {
            if (!toolCalls.isArray()) {
                throw new InvalidRequestException(at + ".tool_calls", at + ".tool_calls must be an array.");
            }
            for (int i = 0; i < toolCalls.size(); i++) {
                JsonNode call = toolCalls.get(i);
                calls.add(new ToolCall(requiredText(call, "id", at + ".tool_calls[" + i + "]"),
                        requiredText(call.path("function"), "name", at + ".tool_calls[" + i + "].function"),
                        arguments(call.path("function"), at + ".tool_calls[" + i + "].function")));
            }
        }
        JsonNode functionCall = m.path("function_call");
        if (ChatOptionsReader.present(functionCall)) {
            String name = requiredText(functionCall, "name", at + ".function_call");
            calls.add(new ToolCall(name, name, arguments(functionCall, at + ".function_call")));
        }
        String text = ChatOptionsReader.present(m.path("content")) ? content(m, at) : "";
        return ChatMessage.assistant(text, calls);
    }

    private static String arguments(JsonNode function, String at) {
        JsonNode arguments = function.path("arguments");
        if (arguments.isTextual()) {
            return arguments.asText();
        }
        if (arguments.isObject()) {
            return arguments.toString();
        }
        throw new InvalidRequestException(at + ".arguments", at + ".arguments must be a string of JSON.");
    }

    private static String content(JsonNode m, String at) {
        JsonNode content = m.path("content");
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder joined = new StringBuilder();
            for (JsonNode part : content) {
                String type = part.path("type").asText();
                if ("text".equals(type) && part.path("text").isTextual()) {
                    joined.append(part.path("text").asText());
                } else if (!"image_url".equals(type) || !"user".equals(m.path("role").asText())) {
                    throw new InvalidRequestException(at + ".content",
                            at + ".content: parts must be text, or image_url in a user"
                            + " message (got '" + type + "').");
                }
            }
            return joined.toString();
        }
        throw new InvalidRequestException(at + ".content",
                at + ".content must be a string or an array of content parts.");
    }

    /** The image parts of a user message: data URLs, or http(s) URLs for a provider that fetches them itself. */
    private static List<ImageInput> images(JsonNode m, String at) {
        List<ImageInput> images = new ArrayList<>();
        for (JsonNode part : m.path("content")) {
            if ("image_url".equals(part.path("type").asText())) {
                JsonNode url = part.path("image_url").path("url");
                if (!url.isTextual() || !ImageInput.usable(url.asText())) {
                    throw new InvalidRequestException(at + ".content", at + ": image_url.url must be a data URL"
                            + " (data:image/png|jpeg|gif|webp;base64,...) or an http(s) URL.");
                }
                images.add(new ImageInput(url.asText()));
            }
        }
        return images;
    }

    private static String requiredText(JsonNode node, String field, String at) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new InvalidRequestException(at + "." + field, at + "." + field + " must be a non-empty string.");
        }
        return value.asText();
    }

    private static String text(JsonNode body, String field, String defaultValue) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return defaultValue;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new InvalidRequestException(field, "'" + field + "' must be a non-empty string.");
        }
        return value.asText();
    }

    private static Integer positive(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
            throw new InvalidRequestException(field, "'" + field + "' must be a positive whole number.");
        }
        return value.asInt();
    }

    private static boolean bool(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new InvalidRequestException(field, "'" + field + "' must be true or false.");
        }
        return value.asBoolean();
    }

    private static int k(JsonNode k) {
        if (!k.isIntegralNumber() || k.asInt() < 0 || k.asInt() > MAX_K) {
            throw new InvalidRequestException("k",
                    "'k' must be a whole number from 0 to " + MAX_K + " (0: no documents).");
        }
        return k.asInt();
    }
}
