package dev.tandem.aws.documentdb;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.tandem.config.ProjectConfiguration;
import dev.tandem.mcp.ToolCatalog;
import dev.tandem.mcp.ToolRoutes;
import io.modelcontextprotocol.spec.McpSchema;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/** The DocumentDB tool routes and beans in a plain Camel context ({@link ToolRoutes}), on the given settings. */
final class ToolHarness implements AutoCloseable {

    final ToolCatalog catalog;
    final DocumentDbConnections connections;
    private final ToolRoutes tools;

    ToolHarness(ProjectConfiguration.DocumentDb config) throws Exception {
        CamelContext context = new DefaultCamelContext();
        connections = DocumentDbConfiguration.bind(context, config, Clock.systemUTC());
        tools = new ToolRoutes(context, "classpath:routes/tools-documentdb.camel.yaml",
                "classpath:mcp-tools/documentdb_*.json", tool -> DocumentDbConfiguration.offered(tool, config));
        catalog = tools.catalog();
    }

    /** Settings for tests: one connection named "samples", 100 documents a page, the given idle timeout. */
    static ProjectConfiguration.DocumentDb settings(String uri, boolean allowWrite, boolean allowAdHoc,
            Duration idleTimeout) {
        return new ProjectConfiguration.DocumentDb(Map.of("samples", uri), allowWrite, allowAdHoc, Optional.empty(),
                idleTimeout, 5000, 100, 200);
    }

    McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
        return tools.call(tool, arguments);
    }

    /** The route called directly, past the catalog and the schema, as another route or a misconfiguration might. */
    Object route(String tool, Map<String, Object> arguments) {
        return tools.route(tool, arguments);
    }

    @Override
    public void close() {
        tools.close();
    }
}
