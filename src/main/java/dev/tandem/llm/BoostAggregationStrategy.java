package dev.tandem.llm;

import static dev.tandem.llm.PlanRun.LOCAL;
import static dev.tandem.llm.PlanRun.MERGE;
import static dev.tandem.llm.PlanRun.PROVIDER;

import java.util.Optional;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Decides, as each branch of a round reports, which answer a request returns under its {@link Strategy}; a decision
 * cancels the branches still running ({@link PlanRun#decide}). When a round ends undecided it plans the next one
 * (a fallback, an escalation or a merge). Holds no state: everything lives in the exchange's {@link PlanRun}.
 */
public final class BoostAggregationStrategy implements AggregationStrategy {

    private final AnswerCheck check;

    public BoostAggregationStrategy(AnswerCheck check) {
        this.check = check;
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        PlanRun run = newExchange.getProperty(PlanRun.PROPERTY, PlanRun.class);
        BranchResult result = newExchange.getMessage().getBody(BranchResult.class);
        if (run != null && result != null) {
            onResult(run, result);
        }
        return oldExchange == null ? newExchange : oldExchange;
    }

    @Override
    public void onCompletion(Exchange exchange, Exchange inputExchange) {
        PlanRun run = inputExchange.getProperty(PlanRun.PROPERTY, PlanRun.class);
        if (run != null && run.winner().isEmpty()) {
            onRoundEnd(run);
        }
    }

    /** Early decisions: a winner as soon as no later result could change the outcome. */
    void onResult(PlanRun run, BranchResult result) {
        Optional<String> committed = run.committed();
        if (committed.isPresent() && !committed.get().equals(result.step())) {
            return;
        }
        if (committed.isPresent() && !result.ok()) {
            run.abandon();
            return;
        }
        if (run.winner().isPresent() || !result.ok()) {
            return;
        }
        Optional<Strategy> strategy = run.strategy();
        if (strategy.isEmpty()) {
            run.decide(result, "addressed directly");
            return;
        }
        switch (strategy.get()) {
            case HEDGE -> {
                if (PROVIDER.equals(result.step())) {
                    run.decide(result, "the provider answered within its deadline");
                } else if (run.result(PROVIDER).filter(r -> !r.ok()).isPresent() || !run.has(PROVIDER)) {
                    decideLocalInstead(run, result);
                }
            }
            case RACE -> run.decide(result, "first valid answer");
            case PROVIDER_FIRST -> run.decide(result, PROVIDER.equals(result.step())
                    ? "the provider answered" : fallbackReason(run));
            case LOCAL_FIRST -> {
                if (LOCAL.equals(result.step())) {
                    AnswerCheck.Verdict verdict = check.judge(result.answer());
                    run.note(new PlanStep("check", null, run.elapsedMs(), 0, verdict.passed() ? "passed" : "failed",
                            verdict.reason()));
                    if (verdict.passed()) {
                        run.decide(result, "the local answer passed the check; the provider was not called");
                    }
                } else {
                    run.decide(result, "the local answer failed the check; escalated to the provider");
                }
            }
            case FUSE -> {
                if (MERGE.equals(result.step())) {
                    run.decide(result, "the local model merged both drafts");
                }
            }
        }
    }

    /** A round ended with no winner: plan the next round, or settle for what there is. */
    void onRoundEnd(PlanRun run) {
        Optional<BranchResult> local = run.result(LOCAL).filter(BranchResult::ok);
        Optional<BranchResult> provider = run.result(PROVIDER).filter(BranchResult::ok);
        if (run.strategy().isEmpty() || run.committed().isPresent()) {
            return;
        }
        switch (run.strategy().get()) {
            case HEDGE, RACE -> local.or(() -> provider).ifPresent(r -> decideLocalInstead(run, r));
            case PROVIDER_FIRST -> {
                if (run.result(LOCAL).isEmpty() && run.has(LOCAL)) {
                    run.degrade("provider_failed");
                    run.addRound(LOCAL);
                }
            }
            case LOCAL_FIRST -> {
                if (run.result(PROVIDER).isEmpty() && run.has(PROVIDER)) {
                    run.addRound(PROVIDER);
                } else if (local.isPresent()) {
                    run.degrade("local_answer_unchecked");
                    run.decide(local.get(), "the local answer failed the check but the provider gave none");
                }
            }
            case FUSE -> {
                if (run.result(MERGE).isEmpty() && local.isPresent() && provider.isPresent()) {
                    run.addRound(MERGE);
                } else if (provider.isPresent()) {
                    run.degrade(run.result(MERGE).isPresent() ? "merge_failed" : "local_failed");
                    run.decide(provider.get(), "only the provider's draft is available");
                } else if (local.isPresent()) {
                    run.degrade("provider_failed");
                    run.decide(local.get(), "only the local draft is available");
                }
            }
        }
    }

    private void decideLocalInstead(PlanRun run, BranchResult result) {
        if (LOCAL.equals(result.step())) {
            if (run.has(PROVIDER)) {
                run.degrade("provider_failed");
            }
            run.decide(result, fallbackReason(run));
        } else {
            run.degrade("local_failed");
            run.decide(result, "the local model gave no answer");
        }
    }

    private static String fallbackReason(PlanRun run) {
        return run.result(PROVIDER).filter(r -> !r.ok())
                .map(r -> "the local answer, because the provider failed: " + r.failure().getMessage())
                .orElse(run.has(PROVIDER) ? "the local answer" : "the local answer (no provider is configured)");
    }
}
