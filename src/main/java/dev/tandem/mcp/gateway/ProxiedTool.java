package dev.tandem.mcp.gateway;

import io.modelcontextprotocol.spec.McpSchema;

/** An upstream tool as Tandem offers it: {@code tool} carries Tandem's name for it, {@code upstreamName} its own. */
public record ProxiedTool(String server, String upstreamName, McpSchema.Tool tool) {

    public String name() {
        return tool.name();
    }
}
