package dev.tandem.llm.plan;

import static dev.tandem.llm.plan.NamedBackend.answered;
import static dev.tandem.llm.plan.NamedBackend.failed;
import static dev.tandem.llm.plan.Steps.LOCAL;
import static dev.tandem.llm.plan.Steps.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.tandem.llm.BackendException.Kind;
import dev.tandem.llm.BackendGate;
import dev.tandem.llm.ChatBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * What hedge and race make of a round that ends holding an answer no decision took, asked directly. Through the
 * aggregation a valid answer decides the moment it arrives, so this is their contract for any other way a result
 * may reach the run.
 */
class StrategyRoundEndTest {

    private final BackendGate local = NamedBackend.gate("ollama", ChatBackend.Role.LOCAL);
    private final BackendGate provider = NamedBackend.gate("openai", ChatBackend.Role.PROVIDER);

    @Test
    void should_settle_on_the_provider_answer_marked_local_failed_when_the_local_model_gave_none() {
        for (String name : List.of("hedge", "race")) {
            PlanRun run = run(name);
            BranchResult answer = answered(PROVIDER, provider, 0, "Paris.");
            run.finished(failed(LOCAL, local, 0, Kind.UNREACHABLE));
            run.finished(answer);

            Decision decision = run.strategy().onRoundEnd(run);

            assertThat(decision.winner()).as(name).isSameAs(answer);
            assertThat(decision.reason()).as(name).isEqualTo("the local model gave no answer");
            assertThat(decision.degraded()).as(name).containsExactly("local_failed");
        }
    }

    @Test
    void should_settle_a_race_on_the_local_answer_marked_provider_failed_when_the_provider_gave_none() {
        PlanRun run = run("race");
        BranchResult answer = answered(LOCAL, local, 0, "Paris.");
        run.finished(answer);
        run.finished(failed(PROVIDER, provider, 0, Kind.TIMEOUT));

        Decision decision = run.strategy().onRoundEnd(run);

        assertThat(decision.winner()).isSameAs(answer);
        assertThat(decision.reason()).isEqualTo("the local answer, because the provider failed: TIMEOUT here");
        assertThat(decision.degraded()).containsExactly("provider_failed");
    }

    @Test
    void should_decide_nothing_when_a_race_ends_without_an_answer() {
        PlanRun run = run("race");
        run.finished(failed(LOCAL, local, 0, Kind.UNREACHABLE));
        run.finished(failed(PROVIDER, provider, 0, Kind.TIMEOUT));

        assertThat(run.strategy().onRoundEnd(run)).isEqualTo(Decision.none());
    }

    private PlanRun run(String strategy) {
        return new PlanRun(null, Strategies.named(strategy), local, provider, List.of(LOCAL, PROVIDER), null, null,
                new AnswerCheck(0.7, new SimpleMeterRegistry()));
    }
}
