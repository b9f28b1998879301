package dev.tandem.mcp.modern;

import java.time.Clock;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.config.OnStopping;
import dev.tandem.config.ProjectConfiguration;
import dev.tandem.mcp.McpConfiguration;
import dev.tandem.mcp.StreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.server.McpSyncServer;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.spi.Registry;
import org.apache.camel.util.function.Suppliers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds {@code mcpEndpoint}, the door of {@code /mcp} for both eras: the session transport and server that
 * {@link McpConfiguration} builds, and the stateless 2026-07-28 endpoint beside them.
 */
public final class ModernConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ModernConfiguration.class);
    static final String STATE_KEY_PURPOSE = "tandem-mcp-request-state";

    @Override
    public void configure(CamelContext context) {
        Registry registry = context.getRegistry();
        ProjectConfiguration.Mcp config = registry.findSingleByType(ProjectConfiguration.class).mcp();
        ProjectConfiguration.Stateless stateless = config.stateless();
        if (!stateless.stateKey().shared()) {
            // INFO: right for one process (a laptop's every start); a replica that meets another's state says why
            LOG.info("TANDEM_MCP_STATE_KEY is not set: this process made its own key, so a 2026-07-28 confirmation"
                    + " (and an AWS confirmation token) only completes on this process. Behind a load balancer, set"
                    + " the same key on every replica ('openssl rand -base64 32').");
        }
        McpJsonMapper json = new JacksonMcpJsonMapper(new ObjectMapper());
        RequestStateCodec states = new RequestStateCodec(stateless.stateKey().derive(STATE_KEY_PURPOSE),
                stateless.stateTtl(), Clock.systemUTC());
        ListenStreams listens = new ListenStreams(stateless.listenMax(), stateless.listenKeepAlive(),
                registry.lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class));
        OnStopping.run(context, listens::close); // each open listen stream is an exchange in flight
        Supplier<McpEndpoint> endpoint = Suppliers.memorize(() -> {
            StreamableHttpTransport transport = registry.lookupByNameAndType("mcpTransport",
                    StreamableHttpTransport.class);
            transport.alsoNotify(listens::publish);
            McpSyncServer server = registry.lookupByNameAndType("mcpServer", McpSyncServer.class);
            return new McpEndpoint(transport, new ModernEndpoint(json, server, transport, states, listens,
                    stateless.listTtl(), config.pageSize(), McpConfiguration.INSTRUCTIONS), json);
        });
        registry.bind("mcpEndpoint", McpEndpoint.class, endpoint::get);
    }
}
