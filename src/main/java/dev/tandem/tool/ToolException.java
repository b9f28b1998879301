package dev.tandem.tool;

/**
 * A tool that cannot do what it was asked, for a reason the caller can fix (a missing document, a path outside
 * the allowed roots). MCP clients see it as a tool result with {@code isError}; {@code /api/tools} as a 4xx.
 */
public class ToolException extends RuntimeException {

    private final int status;

    public ToolException(String message) {
        this(400, message);
    }

    public ToolException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
