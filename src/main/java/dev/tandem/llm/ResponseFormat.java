package dev.tandem.llm;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The shape the answer's text must have: {@code text} (anything), {@code json_object} (a JSON object) or
 * {@code json_schema} (JSON valid against {@code schema}; {@code strict} as the caller sent it).
 */
public record ResponseFormat(String type, String name, JsonNode schema, boolean strict) {

    public static final ResponseFormat TEXT = new ResponseFormat("text", null, null, false);

    public static ResponseFormat jsonObject() {
        return new ResponseFormat("json_object", null, null, false);
    }

    public boolean json() {
        return !"text".equals(type);
    }
}
