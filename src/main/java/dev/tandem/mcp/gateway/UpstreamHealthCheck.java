package dev.tandem.mcp.gateway;

import java.util.Map;

import dev.tandem.config.Secrets;
import dev.tandem.observe.HealthReport;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * One upstream's entry in {@code /observe/health}: UP while it is ready (or disabled on purpose), DOWN with its
 * state and last error otherwise, and non-fatal: an upstream that is down does not make Tandem unhealthy.
 */
final class UpstreamHealthCheck extends AbstractHealthCheck {

    private final Upstream upstream;

    UpstreamHealthCheck(Upstream upstream) {
        super("tandem", "mcp-upstream-" + upstream.name());
        this.upstream = upstream;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail(HealthReport.NON_FATAL, true);
        Upstream.State state = upstream.state();
        if (state == Upstream.State.READY || state == Upstream.State.DISABLED) {
            builder.up();
            return;
        }
        Object error = upstream.status().get("lastError");
        builder.message("MCP server " + upstream.name() + " is " + state.label()
                + (error == null ? "" : ": " + Secrets.maskText(error.toString()))).down();
    }
}
