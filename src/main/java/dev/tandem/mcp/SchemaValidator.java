package dev.tandem.mcp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.json.JsonSchemas;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;

/**
 * The MCP SDK's check of tool arguments and results against their schemas, done by {@link JsonSchemas}, for less per
 * call than the SDK's own: a compiled schema is found by the schema object itself, which is one object per tool for
 * the server's life, instead of by a key computed from its content; and a valid value is not written out as JSON once
 * more (the SDK only needs that text for results without content, and Tandem's results always have it). Both showed
 * in the profile of bench/documentdb-find.
 */
public final class SchemaValidator implements JsonSchemaValidator {

    private final ObjectMapper json;
    private final Map<IdentityKey, Function<JsonNode, List<String>>> checks = new ConcurrentHashMap<>();

    public SchemaValidator(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public ValidationResponse validate(Map<String, Object> schema, Object value) {
        if (schema == null || value == null) {
            throw new IllegalArgumentException("A schema and a value to check against it are needed");
        }
        try {
            JsonNode node = value instanceof String text ? json.readTree(text) : json.valueToTree(value);
            List<String> errors = checks.computeIfAbsent(new IdentityKey(schema),
                    key -> JsonSchemas.check(json.valueToTree(key.schema()))).apply(node);
            return errors.isEmpty() ? ValidationResponse.asValid(null)
                    : ValidationResponse.asInvalid(String.join("; ", errors) + ".");
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return ValidationResponse.asInvalid("The value could not be read as JSON: " + e.getMessage());
        }
    }

    /** A schema map as a key by identity: its content is never hashed or compared. */
    private record IdentityKey(Map<String, Object> schema) {

        @Override
        public boolean equals(Object other) {
            return other instanceof IdentityKey key && key.schema == schema;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(schema);
        }
    }
}
