package dev.tandem.llm.plan;

import static dev.tandem.llm.plan.Steps.LOCAL;
import static dev.tandem.llm.plan.Steps.PROVIDER;

import java.util.List;

import dev.tandem.llm.ChatPrompt;
import dev.tandem.llm.PlanStep;

/** local-first: the local model alone; the provider only when the local answer fails the quality check. */
final class LocalFirst implements Strategy {

    @Override
    public String name() {
        return "local-first";
    }

    @Override
    public List<String> firstRound() {
        return List.of(LOCAL);
    }

    @Override
    public List<PlanStep> planned(String localId, String providerId) {
        return List.of(PlanStep.planned(LOCAL, localId),
                PlanStep.planned(PROVIDER, providerId).withOutcome("if the check fails"));
    }

    @Override
    public Decision onAnswer(Progress run, BranchResult answer) {
        if (!LOCAL.equals(answer.step())) {
            return Decision.win(answer, "the local answer failed the check; escalated to the provider");
        }
        AnswerCheck.Verdict verdict = run.check(answer.answer());
        PlanStep check = new PlanStep("check", null, run.elapsedMs(), 0, verdict.passed() ? "passed" : "failed",
                verdict.reason());
        Decision decision = verdict.passed()
                ? Decision.win(answer, "the local answer passed the check; the provider was not called")
                : Decision.none();
        return decision.noting(check);
    }

    @Override
    public Decision onRoundEnd(Progress run) {
        if (run.result(PROVIDER).isEmpty() && run.has(PROVIDER)) {
            return Decision.next(PROVIDER);
        }
        return run.answer(LOCAL).map(local -> Decision.win(local,
                "the local answer failed the check but the provider gave none").degraded("local_answer_unchecked"))
                .orElse(Decision.none());
    }

    /** The local answer is checked only once complete, so only the provider's may stream live. */
    @Override
    public boolean mayCommit(Progress run, String step) {
        return PROVIDER.equals(step);
    }

    @Override
    public ChatPrompt prompt(Progress run, String step, ChatPrompt grounded) {
        // a tool call or JSON answer is checked by its shape; a confidence line would break it
        return LOCAL.equals(step) && !grounded.options().structured() ? Prompts.localFirst(grounded) : grounded;
    }

    @Override
    public String shown(BranchResult winner) {
        String text = winner.answer().text();
        return LOCAL.equals(winner.step()) ? AnswerCheck.withoutConfidence(text) : text;
    }
}
