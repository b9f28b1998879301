package dev.tandem.mcp;

import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.aws.cloudcontrol.CloudControlConfiguration;
import dev.tandem.aws.documentdb.DocumentDbConfiguration;
import dev.tandem.config.ClosingService;
import dev.tandem.config.ProjectConfiguration;
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

/**
 * Builds the MCP server once: the SDK's sync server on {@link StreamableHttpTransport}, with every tool of the
 * {@link ToolCatalog} calling its route, and the resources and prompts of {@link McpContent}. Binds the transport,
 * the guard and the tool calls for {@code mcp.camel.yaml}, and the server itself for features added later.
 */
public final class McpConfiguration implements CamelConfiguration {

    /**
     * Where tool descriptors are found. Not "tools/": that is also a Java package (Jackson 3's tools.jackson), and in
     * the multi-release jar its versioned folder hides ours from classpath scanning.
     */
    static final String TOOLS = "classpath:mcp-tools/*.json";

    @Override
    public void configure(CamelContext context) throws Exception {
        Registry registry = context.getRegistry();
        ProjectConfiguration project = registry.findSingleByType(ProjectConfiguration.class);
        ProjectConfiguration.Mcp config = project.mcp();
        ObjectMapper objectMapper = new ObjectMapper();
        McpJsonMapper json = new JacksonMcpJsonMapper(objectMapper);
        JsonSchemaValidator validator = new SchemaValidator(objectMapper);

        ToolCatalog catalog = ToolCatalog.load(context, TOOLS, offered(project));
        ToolCalls toolCalls = new ToolCalls(catalog, context.createProducerTemplate(), validator);
        StreamableHttpTransport transport = new StreamableHttpTransport(json);
        McpContent content = new McpContent(context);

        McpSyncServer server = McpServer.sync(transport)
                .serverInfo("tandem", "0.1.0")
                .instructions("Tandem answers from the user's documents with two language models in tandem. Search"
                        + " with search_documents, read with get_document, ask with ask.")
                .jsonMapper(json)
                .jsonSchemaValidator(validator)
                // ToolCalls validates arguments once, for MCP and /api/tools alike
                .validateToolInputs(false)
                // handlers run on the request's own worker thread, which waits for them anyway: no hop to Reactor's
                .immediateExecution(true)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).resources(true, true).prompts(true)
                        .logging().completions().build())
                .tools(catalog.all().stream().map(tool -> McpServerFeatures.SyncToolSpecification.builder()
                        .tool(toMcp(tool, json)).callHandler(toolCalls::callForMcp).build()).toList())
                .resources(content.resources())
                .resourceTemplates(content.resourceTemplates())
                .prompts(content.prompts())
                .completions(content.completions())
                .build();
        transport.paginateTools(new ToolPages(server::listTools, config.pageSize()));
        context.addService(ClosingService.of(server::closeGracefully), true, true);
        context.addStartupListener((started, alreadyStarted) -> catalog.verifyRoutes(started));

        registry.bind("mcpServer", server);
        registry.bind("mcpTransport", transport);
        registry.bind("toolCalls", toolCalls);
        registry.bind("mcpGuard", new McpGuard(new McpGuard.Settings(config.token(), config.allowedOrigins(),
                config.allowedHosts(), config.maxRequestKb() * 1024L), json));
    }

    /** Each feature decides which of its own tools a profile serves (write tools only when writes are allowed). */
    static Predicate<ToolDescriptor> offered(ProjectConfiguration project) {
        List<Predicate<ToolDescriptor>> features = List.of(
                tool -> DocumentDbConfiguration.offered(tool, project.documentDb()),
                tool -> CloudControlConfiguration.offered(tool, project.aws()));
        return features.stream().reduce(tool -> true, Predicate::and);
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
