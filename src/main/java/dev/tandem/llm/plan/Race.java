package dev.tandem.llm.plan;

import static dev.tandem.llm.plan.Steps.LOCAL;
import static dev.tandem.llm.plan.Steps.PROVIDER;

import java.util.List;

import dev.tandem.llm.PlanStep;

/** race: both start; the first valid answer wins. */
final class Race implements Strategy {

    @Override
    public String name() {
        return "race";
    }

    @Override
    public List<String> firstRound() {
        return List.of(LOCAL, PROVIDER);
    }

    @Override
    public List<PlanStep> planned(String localId, String providerId) {
        return List.of(PlanStep.planned(LOCAL, localId), PlanStep.planned(PROVIDER, providerId));
    }

    @Override
    public Decision onAnswer(Progress run, BranchResult answer) {
        return Decision.win(answer, "first valid answer");
    }

    @Override
    public Decision onRoundEnd(Progress run) {
        return run.answer(LOCAL).or(() -> run.answer(PROVIDER)).map(only -> Fallback.toOnly(run, only))
                .orElse(Decision.none());
    }

    @Override
    public boolean mayCommit(Progress run, String step) {
        return true;
    }
}
