package dev.tandem.llm.plan;

import static dev.tandem.llm.plan.Steps.LOCAL;
import static dev.tandem.llm.plan.Steps.PROVIDER;

import java.util.List;

import dev.tandem.llm.PlanStep;

/** provider-first: the provider alone; the local model only when the provider fails or times out. */
final class ProviderFirst implements Strategy {

    @Override
    public String name() {
        return "provider-first";
    }

    @Override
    public List<String> firstRound() {
        return List.of(PROVIDER);
    }

    @Override
    public List<PlanStep> planned(String localId, String providerId) {
        return List.of(PlanStep.planned(PROVIDER, providerId), PlanStep.planned(LOCAL, localId).withOutcome("fallback"));
    }

    @Override
    public Decision onAnswer(Progress run, BranchResult answer) {
        return Decision.win(answer, PROVIDER.equals(answer.step()) ? "the provider answered" : Fallback.reason(run));
    }

    @Override
    public Decision onRoundEnd(Progress run) {
        return Fallback.localAfterProvider(run);
    }

    @Override
    public boolean mayCommit(Progress run, String step) {
        return true;
    }
}
