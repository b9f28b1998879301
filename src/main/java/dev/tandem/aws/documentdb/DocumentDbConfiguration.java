package dev.tandem.aws.documentdb;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.tandem.config.ClosingService;
import dev.tandem.config.ProjectConfiguration;
import dev.tandem.tool.ToolDescriptor;
import dev.tandem.tool.ToolRule;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/**
 * Builds the DocumentDB tools once from {@link ProjectConfiguration.DocumentDb}: the connections with their idle
 * clean-up and the tool beans of {@code tools-documentdb.camel.yaml}.
 */
public final class DocumentDbConfiguration implements CamelConfiguration {

    public static final String TOOL_PREFIX = "documentdb_";

    @Override
    public void configure(CamelContext context) throws Exception {
        ProjectConfiguration project = context.getRegistry().findSingleByType(ProjectConfiguration.class);
        bind(context, project.documentDb(), Clock.systemUTC());
    }

    /** Binds the beans for these settings; tests call it with their own. */
    public static DocumentDbConnections bind(CamelContext context, ProjectConfiguration.DocumentDb config,
            Clock clock) throws Exception {
        DocumentDbConnections connections = new DocumentDbConnections(config.connections(),
                config.caFile().map(CaBundle::sslContext), config.idleTimeout(), Duration.ofMillis(config.maxTimeMs()),
                clock);
        context.addService(ClosingService.of(connections), true, true);
        // checks a few times per idle timeout, so a connection closes soon after it has been idle long enough
        long period = Math.max(50, config.idleTimeout().dividedBy(4).toMillis());
        ScheduledExecutorService sweeper = context.getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(connections, "documentdb-idle-connections");
        sweeper.scheduleWithFixedDelay(connections::closeIdle, period, period, TimeUnit.MILLISECONDS);

        Registry registry = context.getRegistry();
        boolean writes = config.allowWrite();
        registry.bind("documentDbToolRule", (ToolRule) tool -> offered(tool, config));
        registry.bind("documentDbConnections", connections);
        registry.bind("documentDbOperationEndpoints", new OperationEndpoints(context, connections));
        registry.bind("documentDbConnectionTools", new ConnectionTools(connections, config.allowAdHoc()));
        registry.bind("documentDbQueryTools", new QueryTools(connections, writes, config.maxResults()));
        registry.bind("documentDbWriteTools", new WriteTools(connections, writes));
        registry.bind("documentDbStatsTools", new StatsTools(connections, writes));
        registry.bind("documentDbSchemaAnalyzer", new SchemaAnalyzer(connections, config.schemaSample()));
        return connections;
    }

    /** Read-only mode does not list the DocumentDB write tools at all. */
    public static boolean offered(ToolDescriptor tool, ProjectConfiguration.DocumentDb config) {
        return tool.offeredBy(TOOL_PREFIX, config.allowWrite());
    }
}
