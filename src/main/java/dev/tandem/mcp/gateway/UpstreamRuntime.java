package dev.tandem.mcp.gateway;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import dev.tandem.tool.RecentToolCalls;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.json.McpJsonMapper;

/**
 * What every upstream shares: the JSON mapper, Camel's pools for connecting (and watching child processes) and for
 * restarts after a back-off and pings, the meters, the circuit, back-off and ping settings (a {@code pingInterval} of
 * zero pings never), and the relay of progress notifications.
 */
record UpstreamRuntime(McpJsonMapper json, ExecutorService workers, ScheduledExecutorService timers,
        MeterRegistry meters, int breakerFailures, Duration breakerCoolDown, Duration maxBackOff,
        Duration pingInterval, ProgressRelay progress, RecentToolCalls recentCalls) {

    static final Duration FIRST_BACK_OFF = Duration.ofMillis(500);

    /** 500 ms after the first failure, doubling up to the maximum. */
    Duration backOff(int failuresInARow) {
        long millis = FIRST_BACK_OFF.toMillis() << Math.min(failuresInARow - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxBackOff.toMillis()));
    }
}
