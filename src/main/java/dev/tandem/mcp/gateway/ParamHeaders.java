package dev.tandem.mcp.gateway;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The tool arguments a 2026-07-28 server asks to see as {@code Mcp-Param-<Name>} headers, marked in the tool's
 * {@code inputSchema} with {@code x-mcp-header}. The revision makes clients check the marks and drop a tool whose
 * marks break its rules: a name that is an HTTP token, unique whatever its case, on a string, integer or boolean
 * property reached from the root through {@code properties} only. Tandem's gateway sends them to its 2026-07-28
 * upstreams; its own endpoint checks them on the tools it serves.
 */
public record ParamHeaders(Map<String, List<String>> paths) {

    private static final String MARK = "x-mcp-header";
    private static final Set<String> TYPES = Set.of("string", "integer", "boolean");
    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    /** A tool whose marks break the rules, with the reason. */
    public static final class InvalidMark extends Exception {

        InvalidMark(String reason) {
            super(reason, null, false, false);
        }
    }

    public static ParamHeaders of(JsonNode inputSchema) throws InvalidMark {
        Map<String, List<String>> paths = new LinkedHashMap<>();
        if (inputSchema != null) {
            if (inputSchema.has(MARK)) {
                throw new InvalidMark(MARK + " on the schema root, which is not a property");
            }
            properties(inputSchema, List.of(), paths, new HashSet<>());
        }
        return new ParamHeaders(Collections.unmodifiableMap(paths)); // in schema order, so headers go out in it
    }

    private static void properties(JsonNode schema, List<String> path, Map<String, List<String>> paths,
            Set<String> seen) throws InvalidMark {
        var fields = schema.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (field.getKey().equals("properties") && field.getValue().isObject()) {
                var properties = field.getValue().fields();
                while (properties.hasNext()) {
                    var property = properties.next();
                    List<String> at = new ArrayList<>(path);
                    at.add(property.getKey());
                    mark(property.getValue(), at, paths, seen);
                    properties(property.getValue(), at, paths, seen);
                }
            } else if (!field.getKey().equals(MARK) && marked(field.getValue())) {
                throw new InvalidMark(MARK + " under " + field.getKey() + " at /" + String.join("/", path)
                        + ", which is not reached through properties alone");
            }
        }
    }

    private static void mark(JsonNode property, List<String> path, Map<String, List<String>> paths, Set<String> seen)
            throws InvalidMark {
        JsonNode mark = property.get(MARK);
        if (mark == null) {
            return;
        }
        String where = String.join(".", path);
        if (!mark.isTextual() || !mark.asText().matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
            throw new InvalidMark(MARK + " of " + where + " is not an HTTP header name token");
        }
        if (!TYPES.contains(property.path("type").asText())) {
            throw new InvalidMark(MARK + " of " + where + " is on a " + (property.has("type")
                    ? property.get("type").asText() : "untyped") + " property, not a string, integer or boolean");
        }
        if (!seen.add(mark.asText().toLowerCase(Locale.ROOT))) {
            throw new InvalidMark(MARK + " " + mark.asText() + " is used twice");
        }
        paths.put(mark.asText(), List.copyOf(path));
    }

    private static boolean marked(JsonNode node) {
        if (node.isObject() && node.has(MARK)) {
            return true;
        }
        for (JsonNode child : node) {
            if (marked(child)) {
                return true;
            }
        }
        return false;
    }

    /** The headers for these arguments: a value present at a marked path, as text; absent or null, no header. */
    public Map<String, String> headers(JsonNode arguments) {
        Map<String, String> headers = new LinkedHashMap<>();
        paths.forEach((name, path) -> {
            JsonNode value = arguments;
            for (String step : path) {
                value = value == null ? null : value.get(step);
            }
            if (value != null && (value.isTextual() || value.isBoolean()
                    || value.isIntegralNumber() && Math.abs(value.asLong()) <= MAX_SAFE_INTEGER)) {
                headers.put(name, value.asText());
            }
        });
        return headers;
    }
}
