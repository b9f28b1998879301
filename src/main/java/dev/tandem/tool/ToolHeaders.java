package dev.tandem.tool;

/**
 * The headers a tool's route finds beside its arguments when it is called over MCP, so a tool can log, report
 * progress, or ask the client (sampling, elicitation) without knowing the MCP server.
 */
public final class ToolHeaders {

    /** The SDK's {@code McpSyncServerExchange} of the call; absent when the tool is called over {@code /api/tools}. */
    public static final String MCP_EXCHANGE = "TandemMcpExchange";
    /** The caller's progress token, when it asked for progress notifications ({@code _meta.progressToken}). */
    public static final String PROGRESS_TOKEN = "TandemMcpProgressToken";

    private ToolHeaders() {
    }
}
