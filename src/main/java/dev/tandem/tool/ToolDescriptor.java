package dev.tandem.tool;

import java.util.Map;
import java.util.regex.Pattern;


/**
 * What MCP clients learn about a tool, read from {@code mcp-tools/<name>.json} beside its route
 * {@code direct:tool-<name>}: name, title, description, input and output JSON Schema, annotations.
 */
public record ToolDescriptor(String name, String title, String description, Map<String, Object> inputSchema,
        Map<String, Object> outputSchema, Annotations annotations) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

    /** The hints clients use to decide how careful to be; {@code null} is "not said". */
    public record Annotations(Boolean readOnlyHint, Boolean destructiveHint, Boolean idempotentHint,
            Boolean openWorldHint) {
    }

    /** Whether the descriptor declares the tool read-only ({@code readOnlyHint: true}). */
    public boolean readOnly() {
        return annotations != null && Boolean.TRUE.equals(annotations.readOnlyHint());
    }

    /**
     * Whether calling the tool may change something: it is not declared read-only, or it is declared destructive
     * (the hints are the tool's own word; a tool that says both is taken at the more careful one).
     */
    public boolean changesSomething() {
        return !readOnly() || Boolean.TRUE.equals(annotations.destructiveHint());
    }

    /**
     * Whether a feature serves this tool: the feature's write tools (name starting with {@code prefix}, not
     * read-only) only when its writes are allowed; any other tool is not the feature's to decide.
     */
    public boolean offeredBy(String prefix, boolean writesAllowed) {
        return !name.startsWith(prefix) || writesAllowed || readOnly();
    }

    public String endpoint() {
        return "direct:tool-" + name;
    }

    /** Why this descriptor cannot be served, or {@code null} when it can. */
    public String problem() {
        if (name == null || name.length() > 64 || !NAME.matcher(name).matches()) {
            return "tool name '" + name + "' must be snake_case, at most 64 characters";
        }
        if (description == null || description.isBlank()) {
            return "tool '" + name + "' has no description";
        }
        if (inputSchema == null || !"object".equals(inputSchema.get("type"))) {
            return "tool '" + name + "' needs an inputSchema of type object";
        }
        if (outputSchema != null && !"object".equals(outputSchema.get("type"))) {
            return "tool '" + name + "' has an outputSchema that is not of type object";
        }
        return null;
    }
}
