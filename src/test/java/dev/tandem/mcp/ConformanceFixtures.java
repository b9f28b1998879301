package dev.tandem.mcp;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * The fixtures of the MCP conformance suite, added to Tandem's MCP server by the test-only profile
 * {@code conformance} ({@code application-conformance.properties}); no other profile ever serves them.
 */
public final class ConformanceFixtures implements CamelConfiguration {

    private static final String DYNAMIC_TOOL = "test_dynamic_tool";
    private static final String DYNAMIC_PROMPT = "test_dynamic_prompt";

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
        server.addTool(trigger("test_trigger_tool_change", "Adds test_dynamic_tool, or removes it when present",
                () -> toggle(server.listTools().stream().anyMatch(t -> t.name().equals(DYNAMIC_TOOL)),
                        () -> server.removeTool(DYNAMIC_TOOL), () -> server.addTool(trigger(DYNAMIC_TOOL,
                                "Appears and goes at each test_trigger_tool_change", () -> "dynamic")))));
        server.addTool(trigger("test_trigger_prompt_change", "Adds test_dynamic_prompt, or removes it when present",
                () -> toggle(server.listPrompts().stream().anyMatch(p -> p.name().equals(DYNAMIC_PROMPT)),
                        () -> server.removePrompt(DYNAMIC_PROMPT), () -> server.addPrompt(
                                new McpServerFeatures.SyncPromptSpecification(new McpSchema.Prompt(DYNAMIC_PROMPT,
                                        "Appears and goes at each test_trigger_prompt_change", List.of()),
                                        (exchange, request) -> new McpSchema.GetPromptResult("dynamic",
                                                List.of()))))));
    }

    /** A change of the server's lists on demand, which the suite watches arrive on a subscriptions/listen stream. */
    private static McpServerFeatures.SyncToolSpecification trigger(String name, String description,
            Supplier<String> change) {
        return McpServerFeatures.SyncToolSpecification.builder().tool(McpSchema.Tool.builder().name(name)
                .description(description).inputSchema(Map.of("type", "object", "properties", Map.of())).build())
                .callHandler((exchange, request) -> McpSchema.CallToolResult.builder().addTextContent(change.get())
                        .build()).build();
    }

    private static String toggle(boolean present, Runnable remove, Runnable add) {
        (present ? remove : add).run();
        return present ? "removed" : "added";
    }
}
