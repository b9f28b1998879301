package dev.tandem.llm;

/**
 * Whether the model may call a tool: {@code auto}, {@code none}, {@code required}, or {@code function} with the one
 * function it must call.
 */
public record ToolChoice(String mode, String function) {

    public static final ToolChoice AUTO = new ToolChoice("auto", null);
    public static final ToolChoice NONE = new ToolChoice("none", null);
    public static final ToolChoice REQUIRED = new ToolChoice("required", null);

    public static ToolChoice function(String name) {
        return new ToolChoice("function", name);
    }

    /** Whether the answer must be a tool call. */
    public boolean forcesCall() {
        return "required".equals(mode) || "function".equals(mode);
    }
}
