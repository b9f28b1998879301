package dev.tandem.http;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Per-caller usage in {@code /observe/metrics}: requests admitted and refused ({@code tandem_api_requests_total} by
 * key and outcome), and the tokens and cost of the answers the ask path reports for the key.
 */
public final class CallerMetrics {

    private final MeterRegistry registry;

    public CallerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void admitted(Caller caller) {
        registry.counter("tandem.api.requests", "key", caller.name(), "outcome", "admitted").increment();
    }

    void refused(Caller caller, String reason) {
        registry.counter("tandem.api.requests", "key", caller.name(), "outcome", reason).increment();
    }

    /** A request with no or an unknown credential: counted without a name, which it does not have. */
    void unidentified() {
        registry.counter("tandem.api.requests", "key", "unknown", "outcome", "unauthorized").increment();
    }

    /** What an answer cost, for the key that asked. */
    public void answered(String caller, long inputTokens, long outputTokens, double costUsd) {
        registry.counter("tandem.api.tokens", "key", caller, "direction", "input").increment(inputTokens);
        registry.counter("tandem.api.tokens", "key", caller, "direction", "output").increment(outputTokens);
        registry.counter("tandem.api.cost.usd", "key", caller).increment(costUsd);
    }
}
