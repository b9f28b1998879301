package dev.tandem.tool;

/**
 * A tool asked its MCP 2026-07-28 client something (a confirmation) that the request did not answer yet: the tool
 * stops here, before acting, and the client gets an {@code input_required} result to answer and call again. A tool
 * failure the caller can fix, so it passes every handler of {@link ToolException} quietly.
 */
public final class InputRequiredSignal extends ToolException {

    /**
     * The {@code _meta} key by which a question (an elicitation or sampling request) names its key in the
     * client's {@code inputResponses}; without it the key is a digest of the question.
     */
    public static final String KEY_META = "dev.tandem/inputKey";

    public InputRequiredSignal(String question) {
        super(409, "Waiting for the user's answer to: " + question);
    }
}
