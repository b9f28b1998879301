package dev.tandem.llm.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import dev.tandem.llm.Backends;
import dev.tandem.llm.ChatBackend;
import dev.tandem.llm.ChatMessage;
import dev.tandem.llm.ChatPrompt;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** A minions request whose context is short runs under the default strategy, and hedge when that is minions. */
class CondensingTest {

    private final Backends backends = new Backends(NamedBackend.gate("ollama", ChatBackend.Role.LOCAL),
            Optional.of(NamedBackend.gate("openai", ChatBackend.Role.PROVIDER)));

    @Test
    void should_answer_a_short_context_with_hedge_when_minions_is_the_default_strategy() {
        assertThat(strategyBelowThreshold("minions")).isEqualTo("hedge");
    }

    @Test
    void should_answer_a_short_context_with_the_default_strategy_otherwise() {
        assertThat(strategyBelowThreshold("race")).isEqualTo("race");
    }

    private String strategyBelowThreshold(String defaultStrategy) {
        Strategy configured = Strategies.named(defaultStrategy);
        PlanRun run = new ChatPlanner(backends, configured, new AnswerCheck(0.7, new SimpleMeterRegistry()))
                .plan(new CompletionRequest("tandem", new ChatPrompt(List.of(ChatMessage.user("Capital?")), null,
                        null), false, false, Strategies.named("minions"), false, 0), null);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(PlanRun.PROPERTY, run);

        new Condensing(null, 1_000, configured).condense(exchange);

        return run.strategy().name();
    }
}
