package dev.tandem.llm;

import java.util.List;

/** What a request does, step by step: as planned before it runs, and as executed in responses and metadata. */
public record Plan(String strategy, List<PlanStep> steps) {

    public Plan {
        steps = List.copyOf(steps);
    }
}
