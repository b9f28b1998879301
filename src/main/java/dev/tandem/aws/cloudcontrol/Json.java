package dev.tandem.aws.cloudcontrol;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Cloud Control carries resource models as JSON strings; this reads and writes them, canonical when it matters. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    // sorted keys: the same desired state always gives the same bytes, whatever order the client sent
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private Json() {
    }

    static Map<String, Object> object(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return MAPPER.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new IllegalStateException("AWS sent a resource model that is not a JSON object", e);
        }
    }

    static Object value(String json) {
        try {
            return MAPPER.readValue(json, Object.class);
        } catch (IOException e) {
            throw new IllegalStateException("Not JSON: " + json, e);
        }
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot be written as JSON", e);
        }
    }

    static String canonical(Object value) {
        try {
            return CANONICAL.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot be written as JSON", e);
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T copy(T value) {
        return (T) MAPPER.convertValue(value, Object.class);
    }
}
