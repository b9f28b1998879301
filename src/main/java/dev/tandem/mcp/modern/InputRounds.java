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
import dev.tandem.tool.InputRequiredSignal;

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
    static InputRounds of(Map<String, Object> earlier, Map<String, String> askedBefore, Map<?, ?> responses) {
        Map<String, Object> accepted = new LinkedHashMap<>(earlier);
        askedBefore.forEach((key, method) -> {
            Object answer = responses.get(key);
            if (valid(method, answer)) {
                accepted.put(key, answer);
            }
        });
        return new InputRounds(accepted);
    }

    /** The key the question names in {@code _meta}, or one made of what it asks. */
    static String key(String method, Object params) {
        if (params instanceof Map<?, ?> map && map.get("_meta") instanceof Map<?, ?> meta
                && meta.get(InputRequiredSignal.KEY_META) instanceof String named) {
            return named;
        }
        String kind = switch (method) {
            case "elicitation/create" -> "elicit";
            case "sampling/createMessage" -> "sample";
            default -> "roots";
        };
        return kind + "-" + digest(params).substring(0, 16);
    }

    /** The answer to this question when the client gave one; otherwise the question is recorded as asked. */
    Optional<Object> answer(String method, Object request) {
        Object params = CANONICAL.convertValue(request, Object.class); // a record of the SDK, as the client sees it
        String key = key(method, params);
        Object answer = answers.get(key);
        if (answer == null) {
            asked.put(key, new Question(method, withoutKey(params)));
        }
        return Optional.ofNullable(answer);
    }

    /** The question as the client sees it: the key is named beside it, not inside. */
    private static Object withoutKey(Object params) {
        if (!(params instanceof Map<?, ?> map) || !(map.get("_meta") instanceof Map<?, ?> meta)
                || !meta.containsKey(InputRequiredSignal.KEY_META)) {
            return params;
        }
        Map<Object, Object> copy = new LinkedHashMap<>(map);
        Map<Object, Object> rest = new LinkedHashMap<>(meta);
        rest.remove(InputRequiredSignal.KEY_META);
        if (rest.isEmpty()) {
            copy.remove("_meta");
        } else {
            copy.put("_meta", rest);
        }
        return copy;
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
    private static boolean valid(String method, Object answer) {
        if (!(answer instanceof Map<?, ?> map)) {
            return false;
        }
        return switch (method) {
            case "elicitation/create" -> List.of("accept", "decline", "cancel").contains(map.get("action"))
                    && (map.get("content") == null || map.get("content") instanceof Map);
            case "sampling/createMessage" -> map.get("role") instanceof String && map.get("content") != null;
            default -> map.get("roots") instanceof List;
        };
    }
}
