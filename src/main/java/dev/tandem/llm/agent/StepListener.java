package dev.tandem.llm.agent;

import dev.tandem.llm.PlanStep;

/** Hears each step of a run as it ends (a stream shows them as they happen). */
@FunctionalInterface
public interface StepListener {

    StepListener NONE = step -> { };

    void step(PlanStep step);
}
