package dev.tandem.mcp;

import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.tool.RecentToolCalls;
import dev.tandem.tool.ToolDescriptor;
import io.modelcontextprotocol.spec.McpSchema;
import org.apache.camel.CamelContext;
import org.apache.camel.support.PluginHelper;

/**
 * A feature's tool routes in a plain Camel context whose beans the test bound, called the way MCP calls them
 * ({@link ToolCalls}: input schema first, then the route), without HTTP or the rest of Tandem.
 */
public final class ToolRoutes implements AutoCloseable {

    private final CamelContext context;
    private final ToolCatalog catalog;
    private final ToolCalls calls;

    /** Loads the error handling and {@code routes}, starts the context, and finds the descriptors of {@code tools}. */
    public ToolRoutes(CamelContext context, String routes, String tools, Predicate<ToolDescriptor> offered)
            throws Exception {
        this.context = context;
        PluginHelper.getRoutesLoader(context).loadRoutes(
                PluginHelper.getResourceLoader(context).resolveResource("classpath:routes/error-handling.camel.yaml"),
                PluginHelper.getResourceLoader(context).resolveResource(routes));
        context.start();
        catalog = ToolCatalog.load(context, tools, offered);
        calls = new ToolCalls(catalog, context.createProducerTemplate(),
                new SchemaValidator(new ObjectMapper()), null, new RecentToolCalls());
    }

    public ToolCatalog catalog() {
        return catalog;
    }

    public McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
        return calls.callForMcp(null, new McpSchema.CallToolRequest(tool, arguments));
    }

    /** The route called directly, past the catalog and the schema, as another route or a misconfiguration might. */
    public Object route(String tool, Map<String, Object> arguments) {
        return context.createProducerTemplate().requestBody("direct:tool-" + tool, arguments);
    }

    @Override
    public void close() {
        context.stop();
    }
}
