package dev.tandem.mcp.gateway;

import io.modelcontextprotocol.spec.McpSchema;

/** An upstream prompt as Tandem offers it: {@code prompt} carries Tandem's name, {@code upstreamName} its own. */
public record ProxiedPrompt(String server, String upstreamName, McpSchema.Prompt prompt) {

    public String name() {
        return prompt.name();
    }
}
