package dev.tandem.llm;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One step of a {@link Plan}: {@code name} is retrieve, local, provider, merge, check, or read and extract
 * (minions); {@code startMs} counts from the request's arrival. Planned steps have outcome {@code planned}; executed ones say what happened: {@code ok},
 * {@code won}, {@code skipped}, {@code cancelled}, or a failure such as {@code timeout} or {@code server_error}.
 */
public record PlanStep(String name, String backend, @JsonProperty("start_ms") long startMs,
        @JsonProperty("duration_ms") long durationMs, String outcome, String detail) {

    public static PlanStep planned(String name, String backend) {
        return new PlanStep(name, backend, 0, 0, "planned", null);
    }

    public PlanStep withOutcome(String newOutcome) {
        return new PlanStep(name, backend, startMs, durationMs, newOutcome, detail);
    }
}
