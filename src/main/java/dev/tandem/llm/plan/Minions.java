package dev.tandem.llm.plan;

import static dev.tandem.llm.plan.Steps.LOCAL;
import static dev.tandem.llm.plan.Steps.PROVIDER;
import static dev.tandem.llm.plan.Steps.READ;

import java.util.List;

import dev.tandem.llm.PlanStep;

/**
 * minions: the local model first reads the long context piece by piece and extracts what matters
 * ({@link Condensing}); the provider answers from the extracts alone, the local model (from the same extracts) when
 * the provider fails. Below the context threshold the request runs under the default strategy instead.
 */
final class Minions implements Strategy {

    @Override
    public String name() {
        return "minions";
    }

    @Override
    public List<String> firstRound() {
        return List.of(PROVIDER);
    }

    @Override
    public List<PlanStep> planned(String localId, String providerId) {
        return List.of(PlanStep.planned(READ, localId), PlanStep.planned(PROVIDER, providerId),
                PlanStep.planned(LOCAL, localId).withOutcome("fallback"));
    }

    @Override
    public Decision onAnswer(Progress run, BranchResult answer) {
        return Decision.win(answer, PROVIDER.equals(answer.step())
                ? "the provider answered from the local model's extracts" : Fallback.reason(run));
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
