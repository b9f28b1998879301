package dev.tandem.aws.documentdb;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tandem.mcp.ToolException;
import org.bson.Document;

/**
 * A tool call's arguments, read with the checks the input schema cannot make (schemas are validated before the
 * route runs over MCP and /api/tools; a route called directly gets the same clear errors from here).
 */
record ToolArguments(Map<String, Object> values) {

    Optional<String> optionalText(String name) {
        Object value = values.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text) || text.isBlank()) {
            throw new ToolException("'" + name + "' must be a non-empty string.");
        }
        return Optional.of(text);
    }

    String text(String name) {
        return optionalText(name).orElseThrow(() -> new ToolException("'" + name + "' is required."));
    }

    int integer(String name, int defaultValue, int min, int max) {
        Object value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < min
                || ((Number) value).longValue() > max) {
            throw new ToolException("'" + name + "' must be a whole number from " + min + " to " + max + ".");
        }
        return ((Number) value).intValue();
    }

    boolean flag(String name) {
        Object value = values.getOrDefault(name, false);
        if (!(value instanceof Boolean b)) {
            throw new ToolException("'" + name + "' must be true or false.");
        }
        return b;
    }

    /** An optional JSON object; absent is the empty document. */
    Document document(String name) {
        Object value = values.get(name);
        return value == null ? new Document() : ExtendedJson.document(name, value);
    }

    List<Document> documents(String name) {
        Object value = values.get(name);
        if (value == null) {
            throw new ToolException("'" + name + "' is required.");
        }
        return ExtendedJson.documents(name, value);
    }

    boolean has(String name) {
        return values.get(name) != null;
    }

    /** The collection a tool works on: connection (optional when there is only one), database, collection. */
    Target target() {
        return new Target(optionalText("connection"), text("database"), text("collection"));
    }
}
