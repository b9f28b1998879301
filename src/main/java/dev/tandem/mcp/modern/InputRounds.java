package dev.tandem.mcp.modern;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The questions a handler asks its client during one round of a 2026-07-28 request (elicitation, sampling, roots),
 * and the answers it may use: those accepted in earlier rounds, and this round's answers to questions the client
 * was asked before. A question's key is a digest of what it asks, so the same question gets the same key whichever
 * replica asks it again.
 */
final class InputRounds {

    /** One question for the client, as the result's {@code inputRequests} carries it. */
    record Question(String method, Object params) {
    }

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true);

    private final Map<String, Object> answers;
    private final Map<String, Question> asked = new LinkedHashMap<>();

    InputRounds(Map<String, Object> answers) {
        this.answers = Map.copyOf(answers);
    }

    /** Answers kept from earlier rounds plus this round's valid answers to the questions asked before. */
    static InputRounds of(Map<String, Object> earlier, List<String> askedBefore, Map<?, ?> responses) {
        Map<String, Object> accepted = new LinkedHashMap<>(earlier);
        for (String key : askedBefore) {
            Object answer = responses.get(key);
            if (answer != null && valid(key, answer)) {
                accepted.put(key, answer);
            }
        }
        return new InputRounds(accepted);
    }

    static String key(String method, Object params) {
        String kind = switch (method) {
            case "elicitation/create" -> "elicit";
            case "sampling/createMessage" -> "sample";
            default -> "roots";
        };
        return kind + "-" + digest(params).substring(0, 16);
    }

    /** The answer to this question when the client gave one; otherwise the question is recorded as asked. */
    Optional<Object> answer(String method, Object params) {
        String key = key(method, params);
        Object answer = answers.get(key);
        if (answer == null) {
            asked.put(key, new Question(method, params));
        }
        return Optional.ofNullable(answer);
    }

    Map<String, Question> asked() {
        return asked;
    }

    Map<String, Object> answers() {
        return answers;
    }

    /** SHA-256 of a value's canonical JSON (keys sorted), base64url. */
    static String digest(Object value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(CANONICAL.writeValueAsString(value)
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("A request could not be digested", e);
        }
    }

    /** An answer of the shape its question needs; anything else counts as no answer, so the question comes again. */
    private static boolean valid(String key, Object answer) {
        if (!(answer instanceof Map<?, ?> map)) {
            return false;
        }
        if (key.startsWith("elicit-")) {
            return List.of("accept", "decline", "cancel").contains(map.get("action"))
                    && (map.get("content") == null || map.get("content") instanceof Map);
        }
        if (key.startsWith("sample-")) {
            return map.get("role") instanceof String && map.get("content") != null;
        }
        return map.get("roots") instanceof List;
    }
}
