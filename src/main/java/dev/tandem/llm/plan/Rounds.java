package dev.tandem.llm.plan;

import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;
import org.apache.camel.support.ExpressionAdapter;

/**
 * The {@code llm-chat} loop's two questions to the request's {@link PlanRun}, bound as {@code llmRoundLeft} and
 * {@code llmNextRound} for the route's {@code ref} expressions. Java rather than simple language: a method call on an
 * exchange property in simple is resolved by reflection at every evaluation, on every request.
 */
public final class Rounds {

    /** The loop goes on while no branch has won and a round is still planned. */
    public static final Predicate LEFT = exchange -> run(exchange).hasNextRound();

    /** The recipient list of the next round: its steps' endpoints, comma-separated, which run in parallel. */
    public static final Expression NEXT = new ExpressionAdapter() {
        @Override
        public Object evaluate(Exchange exchange) {
            return run(exchange).nextRound();
        }
    };

    private Rounds() {
    }

    private static PlanRun run(Exchange exchange) {
        return exchange.getProperty(PlanRun.PROPERTY, PlanRun.class);
    }
}
