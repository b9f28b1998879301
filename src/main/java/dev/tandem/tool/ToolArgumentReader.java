package dev.tandem.tool;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tool call's arguments, read with the checks the input schema cannot make. Schemas are validated before a
 * route runs over MCP and /api/tools; a route called directly gets the same clear errors from here. Features extend
 * it with their own argument types.
 */
public class ToolArgumentReader {

    private final Map<String, Object> values;

    protected ToolArgumentReader(Map<String, Object> values) {
        this.values = values;
    }

    protected Object raw(String name) {
        return values.get(name);
    }

    public boolean has(String name) {
        return values.get(name) != null;
    }

    public Optional<String> optionalText(String name) {
        Object value = values.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text) || text.isBlank()) {
            throw new ToolException("'" + name + "' must be a non-empty string.");
        }
        return Optional.of(text);
    }

    public String text(String name) {
        return optionalText(name).orElseThrow(() -> new ToolException("'" + name + "' is required."));
    }

    public int integer(String name, int defaultValue, int min, int max) {
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

    public boolean flag(String name) {
        Object value = values.getOrDefault(name, false);
        if (!(value instanceof Boolean b)) {
            throw new ToolException("'" + name + "' must be true or false.");
        }
        return b;
    }

    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> optionalObject(String name) {
        Object value = values.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new ToolException("'" + name + "' must be a JSON object.");
        }
        return Optional.of((Map<String, Object>) map);
    }

    public Map<String, Object> object(String name) {
        return optionalObject(name).orElseThrow(() -> new ToolException("'" + name + "' is required."));
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> objects(String name) {
        Object value = values.get(name);
        if (!(value instanceof List<?> list) || !list.stream().allMatch(Map.class::isInstance)) {
            throw new ToolException("'" + name + "' must be an array of JSON objects.");
        }
        return (List<Map<String, Object>>) list;
    }
}
