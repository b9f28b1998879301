package dev.tandem.llm.plan;

import static dev.tandem.llm.plan.Steps.LOCAL;
import static dev.tandem.llm.plan.Steps.MERGE;
import static dev.tandem.llm.plan.Steps.PROVIDER;

import java.util.List;
import java.util.Optional;

import dev.tandem.llm.ChatPrompt;
import dev.tandem.llm.PlanStep;

/**
 * fuse: both answer, then the local model merges the two drafts into one. A tool call or a JSON answer is not
 * merged: the provider's valid answer is returned as it is (the local one when the provider's failed), and the
 * response says whether the two models agreed.
 */
final class Fuse implements Strategy {

    @Override
    public String name() {
        return "fuse";
    }

    @Override
    public List<String> firstRound() {
        return List.of(LOCAL, PROVIDER);
    }

    @Override
    public List<PlanStep> planned(String localId, String providerId) {
        return List.of(PlanStep.planned(LOCAL, localId), PlanStep.planned(PROVIDER, providerId),
                PlanStep.planned(MERGE, localId));
    }

    @Override
    public Decision onAnswer(Progress run, BranchResult answer) {
        return MERGE.equals(answer.step()) ? Decision.win(answer, "the local model merged both drafts")
                : Decision.none();
    }

    @Override
    public Decision onRoundEnd(Progress run) {
        Optional<BranchResult> local = run.answer(LOCAL);
        Optional<BranchResult> provider = run.answer(PROVIDER);
        if (run.request().prompt().options().structured() && provider.isPresent()) {
            Decision chosen = Decision.win(provider.get(), "a tool call or JSON answer is not merged: the provider's,"
                    + " checked against the request, is returned");
            return local.isPresent() ? chosen : chosen.degraded("local_failed");
        }
        if (run.result(MERGE).isEmpty() && local.isPresent() && provider.isPresent()) {
            return Decision.next(MERGE);
        }
        if (provider.isPresent()) {
            return Decision.win(provider.get(), "only the provider's draft is available")
                    .degraded(run.result(MERGE).isPresent() ? "merge_failed" : "local_failed");
        }
        return local.map(l -> Decision.win(l, "only the local draft is available").degraded("provider_failed"))
                .orElse(Decision.none());
    }

    /** Only the merged answer is final: the drafts never stream. */
    @Override
    public boolean mayCommit(Progress run, String step) {
        return MERGE.equals(step);
    }

    @Override
    public ChatPrompt prompt(Progress run, String step, ChatPrompt grounded) {
        if (!MERGE.equals(step)) {
            return grounded;
        }
        String localDraft = run.result(LOCAL).map(r -> r.answer().text()).orElse("");
        String providerDraft = run.result(PROVIDER).map(r -> r.answer().text()).orElse("");
        return Prompts.merge(grounded, run.request().question(), localDraft, providerDraft);
    }
}
