package dev.tandem.llm.plan;

import java.util.Optional;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Hands each branch's report and each round's end to the request's {@link Strategy} and applies what it decides; a
 * decision cancels the branches still running. Also keeps a live stream honest: once the run streams one branch,
 * that branch alone can settle the request. Holds no state: everything lives in the exchange's {@link PlanRun}.
 */
public final class BoostAggregationStrategy implements AggregationStrategy {

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
        if (run != null && run.winner().isEmpty() && run.committed().isEmpty()) {
            run.apply(run.strategy().onRoundEnd(run));
        }
    }

    private static void onResult(PlanRun run, BranchResult result) {
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
        run.apply(run.strategy().onAnswer(run, result));
    }
}
