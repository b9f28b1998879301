package dev.tandem.llm.plan;

import java.util.List;

import dev.tandem.llm.PlanStep;

/** A request that names one backend as its model: that backend alone, its answer as it comes. */
record Direct(String step) implements Strategy {

    @Override
    public String name() {
        return "direct";
    }

    @Override
    public List<String> firstRound() {
        return List.of(step);
    }

    @Override
    public List<PlanStep> planned(String localId, String providerId) {
        return List.of(PlanStep.planned(step, Steps.LOCAL.equals(step) ? localId : providerId));
    }

    @Override
    public Decision onAnswer(Progress run, BranchResult answer) {
        return Decision.win(answer, "addressed directly");
    }

    @Override
    public Decision onRoundEnd(Progress run) {
        return Decision.none();
    }

    @Override
    public boolean mayCommit(Progress run, String step) {
        return true;
    }
}
