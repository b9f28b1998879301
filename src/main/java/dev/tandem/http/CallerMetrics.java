package dev.tandem.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Per-caller usage in {@code /observe/metrics}: requests admitted and refused ({@code tandem_api_requests_total} by
 * key and outcome), and the tokens and cost of the answers the ask path reports for the key. Each counter is looked
 * up once and kept: a registry lookup builds its id and tags anew, and this runs for every request.
 */
public final class CallerMetrics {

    /** The counters of one key: keys and outcomes are few (the configured keys), so they are all kept. */
    private record Usage(Counter inputTokens, Counter outputTokens, Counter costUsd) {
    }

    private record Outcome(String key, String outcome) {
    }

    private final MeterRegistry registry;
    private final Map<Outcome, Counter> requests = new ConcurrentHashMap<>();
    private final Map<String, Usage> usage = new ConcurrentHashMap<>();

    public CallerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void admitted(Caller caller) {
        count(caller.name(), "admitted");
    }

    void refused(Caller caller, String reason) {
        count(caller.name(), reason);
    }

    /** A request with no or an unknown credential: counted without a name, which it does not have. */
    void unidentified() {
        count("unknown", "unauthorized");
    }

    private void count(String key, String outcome) {
        requests.computeIfAbsent(new Outcome(key, outcome), o -> registry.counter("tandem.api.requests", "key", o.key(),
                "outcome", o.outcome())).increment();
    }

    /** What an answer cost, for the key that asked. */
    public void answered(String caller, long inputTokens, long outputTokens, double costUsd) {
        Usage counters = usage.computeIfAbsent(caller, key -> new Usage(
                registry.counter("tandem.api.tokens", "key", key, "direction", "input"),
                registry.counter("tandem.api.tokens", "key", key, "direction", "output"),
                registry.counter("tandem.api.cost.usd", "key", key)));
        counters.inputTokens().increment(inputTokens);
        counters.outputTokens().increment(outputTokens);
        counters.costUsd().increment(costUsd);
    }
}
