package dev.tandem.mcp.gateway;

import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.config.DotEnv;
import dev.tandem.config.ProjectConfiguration;
import dev.tandem.tool.RecentToolCalls;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.ExecutorServiceManager;

/**
 * Reads mcp.json at configuration time (a malformed file stops start-up) and binds the {@link McpGateway} as
 * {@code mcpGateway}; its upstreams start with the context, in the background, and end with it.
 */
public final class GatewayConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        ProjectConfiguration.Gateway config = context.getRegistry().findSingleByType(ProjectConfiguration.class).mcp()
                .gateway();
        DotEnv dotEnv = Optional.ofNullable(context.getRegistry().lookupByNameAndType("dotEnv", DotEnv.class))
                .orElse(DotEnv.empty());
        ExecutorServiceManager pools = context.getExecutorServiceManager();
        UpstreamRuntime runtime = new UpstreamRuntime(new JacksonMcpJsonMapper(new ObjectMapper()),
                pools.newCachedThreadPool(this, "mcp-upstream"),
                pools.newSingleThreadScheduledExecutor(this, "mcp-upstream-restart"),
                context.getRegistry().lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                        MeterRegistry.class),
                config.breakerFailures(), config.breakerCoolDown(), config.maxBackOff(), config.pingInterval(),
                new ProgressRelay(), RecentToolCalls.in(context.getRegistry()));
        // environment beats .env, as for Tandem's own settings
        McpGateway gateway = new McpGateway(config.config(), config.reloadInterval(),
                name -> Optional.ofNullable(System.getenv(name)).or(() -> Optional.ofNullable(dotEnv.get(name))),
                config.timeout(), runtime, HealthCheckRegistry.get(context));
        context.getRegistry().bind("mcpGateway", gateway);
        context.addService(gateway, true, true);
    }
}
