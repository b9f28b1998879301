package dev.tandem.llm.agent;

/**
 * What one tool call gave the model: the result as text, and how it ended: {@code ok}, {@code error} (the tool
 * failed or refused the arguments), {@code timeout}, or {@code refused} (Tandem did not run it, {@code text} says
 * why).
 */
public record ToolOutcome(String outcome, String text) {

    public static ToolOutcome ok(String text) {
        return new ToolOutcome("ok", text);
    }

    public static ToolOutcome error(String text) {
        return new ToolOutcome("error", text);
    }

    public static ToolOutcome timeout(String text) {
        return new ToolOutcome("timeout", text);
    }

    public static ToolOutcome refused(String text) {
        return new ToolOutcome("refused", text);
    }

    public boolean ok() {
        return "ok".equals(outcome);
    }
}
