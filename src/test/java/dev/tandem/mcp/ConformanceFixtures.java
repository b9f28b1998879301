package dev.tandem.mcp;

import io.modelcontextprotocol.server.McpSyncServer;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * The fixtures of the MCP conformance suite, added to Tandem's MCP server by the test-only profile
 * {@code conformance} ({@code application-conformance.properties}); no other profile ever serves them.
 */
public final class ConformanceFixtures implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        McpSyncServer server = context.getRegistry().lookupByNameAndType("mcpServer", McpSyncServer.class);
        if (server == null) {
            throw new IllegalStateException("The conformance fixtures need Tandem's MCP server (bean mcpServer)");
        }
        ConformanceTools.all().forEach(server::addTool);
        ConformanceInputTools.all().forEach(server::addTool);
        server.addPrompt(ConformanceInputTools.prompt());
        ConformanceContent.resources().forEach(server::addResource);
        server.addResourceTemplate(ConformanceContent.template());
        ConformanceContent.prompts().forEach(server::addPrompt);
    }
}
