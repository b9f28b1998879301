package dev.tandem.mcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON Schemas of the conformance fixtures, from {@code conformance/schemas.json}. */
final class ConformanceSchemas {

    private static final Map<String, Map<String, Object>> SCHEMAS = load();
    static final Map<String, Object> USER = SCHEMAS.get("user");
    static final Map<String, Object> DEFAULTS = SCHEMAS.get("defaults");
    static final Map<String, Object> ENUMS = SCHEMAS.get("enums");
    static final Map<String, Object> DRAFT_2020_12 = SCHEMAS.get("draft_2020_12");

    private ConformanceSchemas() {
    }

    private static Map<String, Map<String, Object>> load() {
        try (InputStream in = ConformanceSchemas.class.getResourceAsStream("/conformance/schemas.json")) {
            return new ObjectMapper().readValue(in, new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException("conformance/schemas.json is missing or broken", e);
        }
    }
}
