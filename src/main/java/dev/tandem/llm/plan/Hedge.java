package dev.tandem.llm.plan;

import static dev.tandem.llm.plan.Steps.LOCAL;
import static dev.tandem.llm.plan.Steps.PROVIDER;

import java.util.List;

import dev.tandem.llm.PlanStep;

/** hedge: both start; the provider wins within its deadline, else the local answer (marked degraded). */
final class Hedge implements Strategy {

    @Override
    public String name() {
        return "hedge";
    }

    /**
     * The provider first: its answer is the one hedge waits for, and a parallel round starts its branches one after
     * the other (Camel's multicast hands each to the pool in turn), so the later one starts a few hops later.
     */
    @Override
    public List<String> firstRound() {
        return List.of(PROVIDER, LOCAL);
    }

    @Override
    public List<PlanStep> planned(String localId, String providerId) {
        return List.of(PlanStep.planned(LOCAL, localId), PlanStep.planned(PROVIDER, providerId));
    }

    @Override
    public Decision onAnswer(Progress run, BranchResult answer) {
        if (PROVIDER.equals(answer.step())) {
            return Decision.win(answer, "the provider answered within its deadline");
        }
        return run.failed(PROVIDER) || !run.has(PROVIDER) ? Fallback.toOnly(run, answer) : Decision.none();
    }

    @Override
    public Decision onRoundEnd(Progress run) {
        return run.answer(LOCAL).or(() -> run.answer(PROVIDER)).map(only -> Fallback.toOnly(run, only))
                .orElse(Decision.none());
    }

    /** The local answer streams live only once it is sure to win: when the provider failed or is missing. */
    @Override
    public boolean mayCommit(Progress run, String step) {
        return PROVIDER.equals(step) || !run.has(PROVIDER) || run.failed(PROVIDER);
    }
}
