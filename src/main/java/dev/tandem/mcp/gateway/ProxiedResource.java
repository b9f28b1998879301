package dev.tandem.mcp.gateway;

import io.modelcontextprotocol.spec.McpSchema;

/** An upstream resource as Tandem offers it, under its own URI; reads go to {@code server}. */
public record ProxiedResource(String server, McpSchema.Resource resource) {

    public String uri() {
        return resource.uri();
    }
}
