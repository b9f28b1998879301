package dev.tandem.mcp.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.tool.RecentToolCalls;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A stdio upstream that keeps dying is started again after a wait that doubles each time, up to the maximum. */
class UpstreamRestartTest {

    private final RecordingTimers timers = new RecordingTimers();
    private final ExecutorService workers = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        timers.shutdownNow();
        workers.shutdownNow();
    }

    @Test
    void should_wait_twice_as_long_before_each_restart_of_a_dying_stdio_upstream_up_to_the_maximum() {
        UpstreamRuntime runtime = new UpstreamRuntime(new JacksonMcpJsonMapper(new ObjectMapper()), workers, timers,
                new SimpleMeterRegistry(), 5, Duration.ofSeconds(30), Duration.ofSeconds(4), Duration.ZERO,
                new ProgressRelay(), new RecentToolCalls());
        Upstream dying = new Upstream(new UpstreamSettings("dying", UpstreamSettings.Transport.STDIO, "sh",
                List.of("-c", "exit 3"), Map.of(), Optional.empty(), null, Map.of(), true, ToolFilter.ALL,
                Duration.ofSeconds(1), null), runtime, () -> {
                });

        dying.start();

        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> timers.delays.size() >= 5);
            assertThat(timers.delays.subList(0, 5)).containsExactly(500L, 1000L, 2000L, 4000L, 4000L);
            assertThat(dying.state()).isEqualTo(Upstream.State.FAILED);
        } finally {
            dying.close();
        }
    }

    /** Notes each restart's delay and runs it at once: the back-off decides the wait, the test does not sit it out. */
    private static final class RecordingTimers extends ScheduledThreadPoolExecutor {

        final List<Long> delays = new CopyOnWriteArrayList<>();

        RecordingTimers() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            delays.add(unit.toMillis(delay));
            return super.schedule(command, 0, unit);
        }
    }
}
