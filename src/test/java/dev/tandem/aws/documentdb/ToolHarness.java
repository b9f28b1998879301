package dev.tandem.aws.documentdb;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.config.ProjectConfiguration;
import dev.tandem.mcp.ToolCalls;
import dev.tandem.mcp.ToolCatalog;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;

/**
 * The DocumentDB tool routes and beans in a plain Camel context, called the way MCP calls them ({@link ToolCalls}:
 * input schema first, then the route), without HTTP or the rest of Tandem.
 */
final class ToolHarness implements AutoCloseable {

    private final CamelContext context = new DefaultCamelContext();
    final ToolCatalog catalog;
    final DocumentDbConnections connections;
    private final ToolCalls calls;

    ToolHarness(ProjectConfiguration.DocumentDb config) throws Exception {
        connections = DocumentDbConfiguration.bind(context, config, Clock.systemUTC());
        PluginHelper.getRoutesLoader(context).loadRoutes(
                PluginHelper.getResourceLoader(context).resolveResource("classpath:routes/error-handling.camel.yaml"),
                PluginHelper.getResourceLoader(context).resolveResource("classpath:routes/tools-documentdb.camel.yaml"));
        context.start();
        catalog = ToolCatalog.load(context, "classpath:mcp-tools/documentdb_*.json",
                tool -> DocumentDbConfiguration.offered(tool, config));
        calls = new ToolCalls(catalog, context.createProducerTemplate(),
                new DefaultJsonSchemaValidator(new ObjectMapper()));
    }

    /** Settings for tests: one connection named "samples", 100 documents a page, the given idle timeout. */
    static ProjectConfiguration.DocumentDb settings(String uri, boolean allowWrite, boolean allowAdHoc,
            Duration idleTimeout) {
        return new ProjectConfiguration.DocumentDb(Map.of("samples", uri), allowWrite, allowAdHoc, Optional.empty(),
                idleTimeout, 5000, 100, 200);
    }

    McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
        return calls.callForMcp(null, new McpSchema.CallToolRequest(tool, arguments));
    }

    /** The route called directly, past the catalog and the schema, as another route or a misconfiguration might. */
    Object route(String tool, Map<String, Object> arguments) {
        return context.createProducerTemplate().requestBody("direct:tool-" + tool, arguments);
    }

    @Override
    public void close() {
        context.stop();
    }
}
