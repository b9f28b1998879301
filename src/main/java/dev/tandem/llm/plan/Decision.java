package dev.tandem.llm.plan;

import java.util.ArrayList;
import java.util.List;

import dev.tandem.llm.PlanStep;

/**
 * What a {@link Strategy} decides when a branch reports or a round ends, as a value the run applies: a winner and
 * why, or the steps of a next round, or nothing yet; with the degraded flags and the plan notes that go with it.
 */
public record Decision(BranchResult winner, String reason, List<String> nextRound, List<String> degraded,
        List<PlanStep> notes) {

    public Decision {
        nextRound = List.copyOf(nextRound);
        degraded = List.copyOf(degraded);
        notes = List.copyOf(notes);
    }

    /** Nothing decided: wait for the other branches, or, at the end of a round, end the run without a winner. */
    public static Decision none() {
        return new Decision(null, null, List.of(), List.of(), List.of());
    }

    public static Decision win(BranchResult winner, String reason) {
        return new Decision(winner, reason, List.of(), List.of(), List.of());
    }

    public static Decision next(String... steps) {
        return new Decision(null, null, List.of(steps), List.of(), List.of());
    }

    /** The same decision, with the answer marked degraded for this reason. */
    public Decision degraded(String flag) {
        List<String> flags = new ArrayList<>(degraded);
        flags.add(flag);
        return new Decision(winner, reason, nextRound, flags, notes);
    }

    /** The same decision, with a step (such as a check) shown in the executed plan. */
    public Decision noting(PlanStep note) {
        List<PlanStep> all = new ArrayList<>(notes);
        all.add(note);
        return new Decision(winner, reason, nextRound, degraded, all);
    }
}
