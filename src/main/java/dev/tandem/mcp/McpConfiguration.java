package dev.tandem.mcp;

import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.config.ClosingService;
import dev.tandem.config.OnStopping;
import dev.tandem.config.ProjectConfiguration;
import dev.tandem.llm.agent.AgentTools;
import dev.tandem.mcp.gateway.McpGateway;
import dev.tandem.tool.RecentToolCalls;
import dev.tandem.tool.ToolDescriptor;
import dev.tandem.tool.ToolRule;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.util.function.Suppliers;

/**
 * Builds the MCP server once: the SDK's sync server on {@link StreamableHttpTransport}, with every tool of the
 * {@link ToolCatalog} calling its route, and the resources and prompts of {@link McpContent}. Binds the transport
 * and the tool calls for {@code mcp.camel.yaml}, the tools as the agent's models call them, and the server itself for
 * features added later. The server is built at its first look-up (at the latest when the context starts), so it
 * sees every feature's {@link ToolRule} and beans whatever the order of the configurations.
 */
public final class McpConfiguration implements CamelConfiguration {

    /**
     * Where tool descriptors are found. Not "tools/": that is also a Java package (Jackson 3's tools.jackson), and in
     * the multi-release jar its versioned folder hides ours from classpath scanning.
     */
    static final String TOOLS = "classpath:mcp-tools/*.json";
    /** What an MCP client is told about Tandem, in either era. */
    public static final String INSTRUCTIONS = "Tandem answers from the user's documents with two language models in"
            + " tandem. Search with search_documents, read with get_document, ask with ask.";

    @Override
    public void configure(CamelContext context) throws Exception {
        Registry registry = context.getRegistry();
        ProjectConfiguration.Mcp config = registry.findSingleByType(ProjectConfiguration.class).mcp();
        ObjectMapper objectMapper = new ObjectMapper();
        McpJsonMapper json = new JacksonMcpJsonMapper(objectMapper);
        JsonSchemaValidator validator = new SchemaValidator(objectMapper);
        StreamableHttpTransport transport = new StreamableHttpTransport(json);

        RecentToolCalls recentCalls = RecentToolCalls.in(registry);
        // built at first use, once every configuration has bound its tool rules and the beans the content reads
        Supplier<McpGateway> gateway = Suppliers.memorize(() -> registry.findSingleByType(McpGateway.class));
        Supplier<ToolCalls> toolCalls = Suppliers.memorize(() -> new ToolCalls(catalog(context),
                context.createProducerTemplate(), validator, gateway.get(), recentCalls));
        Supplier<McpSyncServer> server = Suppliers.memorize(() -> {
            McpSyncServer built = server(context, transport, toolCalls.get(), json, validator, config.pageSize());
            proxy(built, transport, gateway.get(), toolCalls.get().catalog());
            return built;
        });
        context.addService(ClosingService.of(() -> server.get().closeGracefully()), true, true);
        OnStopping.run(context, transport::endListeningStreams);
        context.addStartupListener((started, alreadyStarted) -> {
            server.get();
            toolCalls.get().catalog().verifyRoutes(started);
        });

        registry.bind("mcpServer", McpSyncServer.class, server::get);
        registry.bind("mcpTransport", StreamableHttpTransport.class, () -> {
            server.get();
            return transport;
        });
        registry.bind("toolCalls", ToolCalls.class, toolCalls::get);
        Supplier<AgentTools> agentTools = Suppliers.memorize(() -> new AgentToolbox(toolCalls.get()));
        registry.bind("agentTools", AgentTools.class, agentTools::get);
    }

    private static McpSyncServer server(CamelContext context, StreamableHttpTransport transport, ToolCalls toolCalls,
            McpJsonMapper json, JsonSchemaValidator validator, int pageSize) {
        McpContent content = new McpContent(context);
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo("tandem", "0.1.0")
                .instructions(INSTRUCTIONS)
                .jsonMapper(json)
                .jsonSchemaValidator(validator)
                // ToolCalls validates arguments once, for MCP and /api/tools alike
                .validateToolInputs(false)
                // handlers run on the request's own worker thread, which waits for them anyway: no hop to Reactor's
                .immediateExecution(true)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).resources(true, true).prompts(true)
                        .logging().completions().build())
                .tools(toolCalls.catalog().all().stream().map(tool -> McpServerFeatures.SyncToolSpecification
                        .builder().tool(toMcp(tool, json)).callHandler(toolCalls::callForMcp).build()).toList())
                .resources(content.resources())
                .resourceTemplates(content.resourceTemplates())
                .prompts(content.prompts())
                .completions(content.completions())
                .build();
        transport.paginateTools(new ToolPages(server::listTools, pageSize));
        return server;
    }

    /** The upstream tools of mcp.json in the server, beside Tandem's own, whose names they never take. */
    private static void proxy(McpSyncServer server, StreamableHttpTransport transport, McpGateway gateway,
            ToolCatalog catalog) {
        if (gateway == null) {
            return;
        }
        Set<String> own = catalog.all().stream().map(ToolDescriptor::name).collect(Collectors.toUnmodifiableSet());
        GatewayTools tools = new GatewayTools(server, transport, gateway);
        gateway.onChange(tools::publish);
        gateway.reserve(() -> own);
        tools.publish();
    }

    /** The tools every feature's {@link ToolRule} offers (write tools only when the feature allows writes). */
    private static ToolCatalog catalog(CamelContext context) {
        Set<ToolRule> rules = context.getRegistry().findByType(ToolRule.class);
        try {
            return ToolCatalog.load(context, TOOLS, tool -> rules.stream().allMatch(rule -> rule.offers(tool)));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot load the tool descriptors: " + e.getMessage(), e);
        }
    }

    private static McpSchema.Tool toMcp(ToolDescriptor tool, McpJsonMapper json) {
        McpSchema.Tool.Builder builder = McpSchema.Tool.builder().name(tool.name()).title(tool.title())
                .description(tool.description()).inputSchema(tool.inputSchema());
        if (tool.outputSchema() != null) {
            builder.outputSchema(tool.outputSchema());
        }
        ToolDescriptor.Annotations a = tool.annotations();
        if (a != null) {
            builder.annotations(new McpSchema.ToolAnnotations(tool.title(), a.readOnlyHint(), a.destructiveHint(),
                    a.idempotentHint(), a.openWorldHint(), null));
        }
        return builder.build();
    }

}
