package dev.tandem.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** Each key's requests and answers are counted under its own name, however often its counters are reused. */
class CallerMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CallerMetrics metrics = new CallerMetrics(registry);
    private final Caller console = new Caller("console", Set.of(Scope.ASK), 0);
    private final Caller ops = new Caller("ops", Set.of(Scope.ADMIN), 0);

    private double requests(String key, String outcome) {
        return registry.get("tandem.api.requests").tag("key", key).tag("outcome", outcome).counter().count();
    }

    private double tokens(String key, String direction) {
        return registry.get("tandem.api.tokens").tag("key", key).tag("direction", direction).counter().count();
    }

    @Test
    void should_count_the_requests_of_each_key_under_its_name_and_outcome() {
        metrics.admitted(console);
        metrics.admitted(console);
        metrics.admitted(ops);
        metrics.refused(console, "rate");
        metrics.unidentified();

        assertThat(requests("console", "admitted")).isEqualTo(2);
        assertThat(requests("ops", "admitted")).isEqualTo(1);
        assertThat(requests("console", "rate")).isEqualTo(1);
        assertThat(requests("unknown", "unauthorized")).isEqualTo(1);
    }

    @Test
    void should_count_the_tokens_and_cost_of_each_answer_for_the_key_that_asked() {
        metrics.answered("console", 10, 5, 0.5);
        metrics.answered("ops", 1, 2, 0.25);
        metrics.answered("console", 10, 5, 0.5);

        assertThat(tokens("console", "input")).isEqualTo(20);
        assertThat(tokens("console", "output")).isEqualTo(10);
        assertThat(tokens("ops", "output")).isEqualTo(2);
        assertThat(registry.get("tandem.api.cost.usd").tag("key", "ops").counter().count()).isEqualTo(0.25);
    }
}
