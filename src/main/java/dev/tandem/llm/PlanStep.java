package dev.tandem.llm;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One step of a {@link Plan}: {@code name} is retrieve, local, provider, merge or check, read and extract
 * (minions), or in a tool loop {@code model} (a model turn) or {@code tool} (a tool call, with the {@code tool}
 * called and a digest of its arguments, the model that asked for it in {@code backend}); {@code startMs} counts from
 * the request's arrival. Planned steps have outcome {@code planned}; executed ones say what happened: {@code ok},
 * {@code won}, {@code skipped}, {@code cancelled}, {@code refused}, or a failure such as {@code error},
 * {@code timeout} or {@code server_error}.
 */
public record PlanStep(String name, String backend, @JsonProperty("start_ms") long startMs,
        @JsonProperty("duration_ms") long durationMs, String outcome, String detail,
        @JsonInclude(JsonInclude.Include.NON_NULL) String tool,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("arguments_digest") String argumentsDigest) {

    public PlanStep(String name, String backend, long startMs, long durationMs, String outcome, String detail) {
        this(name, backend, startMs, durationMs, outcome, detail, null, null);
    }

    public static PlanStep planned(String name, String backend) {
        return new PlanStep(name, backend, 0, 0, "planned", null);
    }

    public PlanStep withOutcome(String newOutcome) {
        return new PlanStep(name, backend, startMs, durationMs, newOutcome, detail, tool, argumentsDigest);
    }

    /** The step moved by {@code ms}: a step of a model turn counted from the start of the whole run. */
    public PlanStep shifted(long ms) {
        return new PlanStep(name, backend, startMs + ms, durationMs, outcome, detail, tool, argumentsDigest);
    }
}
