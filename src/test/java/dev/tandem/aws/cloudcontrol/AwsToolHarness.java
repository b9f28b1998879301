package dev.tandem.aws.cloudcontrol;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The AWS tool routes and beans in a plain Camel context against the emulator, called the way MCP calls them
 * ({@link ToolCalls}: input schema first, then the route), with a clock the test moves.
 */
final class AwsToolHarness implements AutoCloseable {

    /** A clock that stands still until the test moves it. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final CamelContext context = new DefaultCamelContext();
    final ToolCatalog catalog;
    final MovableClock clock = new MovableClock();
    private final ToolCalls calls;

    AwsToolHarness(ProjectConfiguration.Aws config) throws Exception {
        AwsClients clients = new AwsClients(config, StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDTEST", "test-secret")));
        CloudControlConfiguration.bind(context, config, clients, clock, Duration.ofMillis(20));
        PluginHelper.getRoutesLoader(context).loadRoutes(
                PluginHelper.getResourceLoader(context).resolveResource("classpath:routes/error-handling.camel.yaml"),
                PluginHelper.getResourceLoader(context).resolveResource("classpath:routes/tools-aws.camel.yaml"));
        context.start();
        catalog = ToolCatalog.load(context, "classpath:mcp-tools/aws_*.json",
                tool -> CloudControlConfiguration.offered(tool, config));
        calls = new ToolCalls(catalog, context.createProducerTemplate(),
                new DefaultJsonSchemaValidator(new ObjectMapper()));
    }

    /** Settings for tests: region us-east-1, the emulator's endpoint, 5 resources a page, token valid 60 s. */
    static ProjectConfiguration.Aws settings(URI endpoint, boolean allowWrite) {
        return new ProjectConfiguration.Aws("us-east-1", Optional.of("test-profile"), Optional.of(endpoint),
                allowWrite, Duration.ofMinutes(15), Duration.ofSeconds(60), Map.of("managed-by", "tandem"),
                Duration.ofSeconds(30), 5, new ProjectConfiguration.AwsInventory(List.of(), List.of("us-east-1"),
                        "0 0 * * * ?", "unused", 100, 0, Duration.ofMillis(10)));
    }

    McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
        return calls.callForMcp(null, new McpSchema.CallToolRequest(tool, arguments));
    }

    /** The route called directly, past the catalog and the schema. */
    Object route(String tool, Map<String, Object> arguments) {
        return context.createProducerTemplate().requestBody("direct:tool-" + tool, arguments);
    }

    @Override
    public void close() {
        context.stop();
    }
}
