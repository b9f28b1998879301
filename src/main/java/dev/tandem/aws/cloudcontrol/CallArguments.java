package dev.tandem.aws.cloudcontrol;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tandem.mcp.ToolException;

/**
 * A Cloud Control tool call's arguments with the checks a schema cannot make, so a route called directly (past the
 * MCP input schema) fails as clearly as one called over MCP.
 */
record CallArguments(Map<String, Object> values) {

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

    boolean flag(String name) {
        Object value = values.getOrDefault(name, false);
        if (!(value instanceof Boolean b)) {
            throw new ToolException("'" + name + "' must be true or false.");
        }
        return b;
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

    @SuppressWarnings("unchecked")
    Optional<Map<String, Object>> optionalObject(String name) {
        Object value = values.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new ToolException("'" + name + "' must be a JSON object.");
        }
        return Optional.of((Map<String, Object>) map);
    }

    Map<String, Object> object(String name) {
        return optionalObject(name).orElseThrow(() -> new ToolException("'" + name + "' is required."));
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> objects(String name) {
        Object value = values.get(name);
        if (!(value instanceof List<?> list) || !list.stream().allMatch(Map.class::isInstance)) {
            throw new ToolException("'" + name + "' must be an array of JSON objects.");
        }
        return (List<Map<String, Object>>) list;
    }

    String typeName() {
        String type = text("type_name");
        if (!type.matches("[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+")) {
            throw new ToolException("'" + type + "' is not a resource type name such as AWS::S3::Bucket.");
        }
        return type;
    }
}
