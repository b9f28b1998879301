package dev.tandem.llm.plan;

import static dev.tandem.llm.plan.NamedBackend.answered;
import static dev.tandem.llm.plan.Steps.LOCAL;
import static dev.tandem.llm.plan.Steps.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.tandem.llm.BackendGate;
import dev.tandem.llm.ChatBackend;
import dev.tandem.llm.Plan;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** What the llm-chat loop reads from a run: whether another round runs, and which branches it sends to. */
class RoundsTest {

    private final BackendGate local = NamedBackend.gate("ollama", ChatBackend.Role.LOCAL);
    private final BackendGate provider = NamedBackend.gate("openai", ChatBackend.Role.PROVIDER);

    @Test
    void should_send_a_hedge_to_both_branches_at_once_and_then_stop_looping() {
        Exchange exchange = exchangeWith(run("hedge", Strategies.named("hedge").firstRound()));

        assertThat(Rounds.LEFT.matches(exchange)).isTrue();
        assertThat(Rounds.NEXT.evaluate(exchange, Object.class))
                .isEqualTo("direct:llm-provider,direct:llm-local");
        assertThat(Rounds.LEFT.matches(exchange)).as("the only round is taken").isFalse();
    }

    @Test
    void should_loop_again_for_the_round_a_strategy_adds() {
        PlanRun run = run("provider-first", List.of(PROVIDER));
        Exchange exchange = exchangeWith(run);
        Rounds.NEXT.evaluate(exchange, Object.class);

        run.apply(Decision.next(LOCAL));

        assertThat(Rounds.LEFT.matches(exchange)).isTrue();
        assertThat(Rounds.NEXT.evaluate(exchange, Object.class)).isEqualTo("direct:llm-local");
    }

    @Test
    void should_stop_looping_once_a_branch_has_won_with_a_round_still_planned() {
        PlanRun run = run("provider-first", List.of(PROVIDER));
        Exchange exchange = exchangeWith(run);
        run.apply(Decision.next(LOCAL));

        run.apply(Decision.win(answered(PROVIDER, provider, 0, "Paris."), "the provider answered"));

        assertThat(Rounds.LEFT.matches(exchange)).isFalse();
    }

    private PlanRun run(String strategy, List<String> firstRound) {
        return new PlanRun(null, Strategies.named(strategy), local, provider, firstRound, new Plan(strategy, List.of()),
                null, new AnswerCheck(0.7, new SimpleMeterRegistry()));
    }

    private static Exchange exchangeWith(PlanRun run) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(PlanRun.PROPERTY, run);
        return exchange;
    }
}
