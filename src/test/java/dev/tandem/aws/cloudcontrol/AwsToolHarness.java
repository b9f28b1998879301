package dev.tandem.aws.cloudcontrol;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tandem.config.ProjectConfiguration;
import dev.tandem.mcp.ToolCatalog;
import dev.tandem.mcp.ToolRoutes;
import io.modelcontextprotocol.spec.McpSchema;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The AWS tool routes and beans in a plain Camel context ({@link ToolRoutes}) against the emulator, with a clock
 * the test moves.
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

    final ToolCatalog catalog;
    final MovableClock clock = new MovableClock();
    private final ToolRoutes tools;

    AwsToolHarness(ProjectConfiguration.Aws config) throws Exception {
        CamelContext context = new DefaultCamelContext();
        AwsClients clients = new AwsClients(config, StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDTEST", "test-secret")));
        CloudControlConfiguration.bind(context, config, clients, clock, Duration.ofMillis(20));
        tools = new ToolRoutes(context, "classpath:routes/tools-aws.camel.yaml", "classpath:mcp-tools/aws_*.json",
                tool -> CloudControlConfiguration.offered(tool, config));
        catalog = tools.catalog();
    }

    /** Settings for tests: region us-east-1, the emulator's endpoint, 5 resources a page, token valid 60 s. */
    static ProjectConfiguration.Aws settings(URI endpoint, boolean allowWrite) {
        return new ProjectConfiguration.Aws("us-east-1", Optional.of("test-profile"), Optional.of(endpoint),
                allowWrite, Duration.ofMinutes(15), Duration.ofSeconds(60), Map.of("managed-by", "tandem"),
                Duration.ofSeconds(30), 5, new ProjectConfiguration.AwsInventory(List.of(), List.of("us-east-1"),
                        "0 0 * * * ?", "unused", 100, 0, Duration.ofMillis(10)));
    }

    McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
        return tools.call(tool, arguments);
    }

    /** The route called directly, past the catalog and the schema. */
    Object route(String tool, Map<String, Object> arguments) {
        return tools.route(tool, arguments);
    }

    @Override
    public void close() {
        tools.close();
    }
}
