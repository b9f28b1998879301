package dev.tandem.mcp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;

/**
 * Checks tool arguments and results against their JSON Schemas (draft 2020-12, networknt, as the MCP SDK's
 * {@code DefaultJsonSchemaValidator} does), for less per call: a compiled schema is found by the schema object
 * itself, which is one object per tool for the server's life, instead of by a key computed from its content; and a
 * valid value is not written out as JSON once more (the SDK only needs that text for results without content, and
 * Tandem's results always have it). Both showed in the profile of bench/documentdb-find.
 */
public final class SchemaValidator implements JsonSchemaValidator {

    private final ObjectMapper json;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(Dialects.getDraft202012());
    private final Map<IdentityKey, Schema> compiled = new ConcurrentHashMap<>();

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
            List<Error> errors = compiled.computeIfAbsent(new IdentityKey(schema),
                    key -> registry.getSchema(json.valueToTree(key.schema()))).validate(node);
            return errors.isEmpty() ? ValidationResponse.asValid(null)
                    : ValidationResponse.asInvalid("Validation failed: JSON schema validation errors: " + errors);
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
