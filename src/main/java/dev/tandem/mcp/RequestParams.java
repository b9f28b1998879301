package dev.tandem.mcp;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.modelcontextprotocol.spec.McpSchema;

/**
 * Whether a JSON-RPC request's {@code params} have the shape its method needs, checked before the SDK converts them:
 * the SDK takes a missing or mistyped one for its own failure (-32603, HTTP 500), when it is the caller's (-32602).
 */
public final class RequestParams {

    private static final List<String> LEVELS = List.of("debug", "info", "notice", "warning", "error", "critical",
            "alert", "emergency");

    private RequestParams() {
    }

    /** What is wrong with the request's params, in words the caller can act on; empty when nothing is. */
    public static Optional<String> problem(McpSchema.JSONRPCRequest request) {
        Object params = request.params();
        String method = request.method();
        if (params != null && !(params instanceof Map)) {
            return Optional.of("'params' of " + method + " must be a JSON object.");
        }
        Map<?, ?> p = params == null ? Map.of() : (Map<?, ?>) params;
        return switch (method) {
            case McpSchema.METHOD_TOOLS_CALL -> text(p, "name", method).or(() -> objectOrAbsent(p, "arguments", method));
            case McpSchema.METHOD_PROMPT_GET -> text(p, "name", method).or(() -> objectOrAbsent(p, "arguments", method));
            case McpSchema.METHOD_RESOURCES_READ, McpSchema.METHOD_RESOURCES_SUBSCRIBE,
                    McpSchema.METHOD_RESOURCES_UNSUBSCRIBE -> text(p, "uri", method);
            case McpSchema.METHOD_COMPLETION_COMPLETE -> completion(p);
            case McpSchema.METHOD_LOGGING_SET_LEVEL -> p.get("level") instanceof String level && LEVELS.contains(level)
                    ? Optional.empty()
                    : Optional.of("'params.level' of " + method + " must be one of " + String.join(", ", LEVELS) + ".");
            default -> Optional.empty();
        };
    }

    private static Optional<String> completion(Map<?, ?> p) {
        String method = McpSchema.METHOD_COMPLETION_COMPLETE;
        if (!(p.get("ref") instanceof Map<?, ?> ref)) {
            return Optional.of("'params.ref' of " + method + " must be an object such as {\"type\": \"ref/prompt\","
                    + " \"name\": \"...\"}.");
        }
        Object type = ref.get("type");
        if (!"ref/prompt".equals(type) && !"ref/resource".equals(type)) {
            return Optional.of("'params.ref.type' of " + method + " must be ref/prompt or ref/resource.");
        }
        String names = "ref/prompt".equals(type) ? "name" : "uri";
        if (!(ref.get(names) instanceof String name) || name.isBlank()) {
            return Optional.of("'params.ref." + names + "' of " + method + " must name the " + ("ref/prompt".equals(type)
                    ? "prompt." : "resource."));
        }
        if (!(p.get("argument") instanceof Map<?, ?> argument) || !(argument.get("name") instanceof String argumentName)
                || argumentName.isBlank()) {
            return Optional.of("'params.argument' of " + method + " must be an object with a 'name' and a"
                    + " 'value'.");
        }
        return Optional.empty();
    }

    private static Optional<String> text(Map<?, ?> p, String field, String method) {
        return p.get(field) instanceof String value && !value.isBlank() ? Optional.empty()
                : Optional.of("'params." + field + "' of " + method + " must be a string that is not empty.");
    }

    private static Optional<String> objectOrAbsent(Map<?, ?> p, String field, String method) {
        Object value = p.get(field);
        return value == null || value instanceof Map ? Optional.empty()
                : Optional.of("'params." + field + "' of " + method + " must be a JSON object.");
    }
}
