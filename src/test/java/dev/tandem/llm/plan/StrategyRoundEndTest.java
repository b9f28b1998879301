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
import dev.tandem.llm.ChatMessage;
import dev.tandem.llm.ChatOptions;
import dev.tandem.llm.ChatPrompt;
import dev.tandem.llm.ResponseFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * What hedge and race make of a round that ends holding an answer no decision took, asked directly. Through the
 * aggregation a valid answer decides the moment it arrives, so this is their contract for any other way a result
 * may reach the run. And what fuse makes of its drafts when the request wants JSON: it returns one, never a merge.
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

    @Test
    void should_return_the_provider_json_answer_of_a_fuse_unmerged_and_say_when_the_local_draft_was_missing() {
        BranchResult providerJson = answered(PROVIDER, provider, 0, "{\"capital\": \"Paris\"}");

        PlanRun both = run("fuse", jsonRequest());
        both.finished(answered(LOCAL, local, 0, "{\"capital\": \"Lyon\"}"));
        both.finished(providerJson);
        PlanRun providerAlone = run("fuse", jsonRequest());
        providerAlone.finished(failed(LOCAL, local, 0, Kind.UNREACHABLE));
        providerAlone.finished(providerJson);
        Decision withBoth = both.strategy().onRoundEnd(both);
        Decision withoutLocal = providerAlone.strategy().onRoundEnd(providerAlone);

        for (Decision decision : List.of(withBoth, withoutLocal)) {
            assertThat(decision.winner()).isSameAs(providerJson);
            assertThat(decision.nextRound()).as("no merge round for a JSON answer").isEmpty();
            assertThat(decision.reason()).isEqualTo("a tool call or JSON answer is not merged: the provider's,"
                    + " checked against the request, is returned");
        }
        assertThat(withBoth.degraded()).isEmpty();
        assertThat(withoutLocal.degraded()).containsExactly("local_failed");
    }

    private PlanRun run(String strategy) {
        return run(strategy, null);
    }

    private PlanRun run(String strategy, CompletionRequest request) {
        return new PlanRun(request, Strategies.named(strategy), local, provider, List.of(LOCAL, PROVIDER), null, null,
                new AnswerCheck(0.7, new SimpleMeterRegistry()));
    }

    /** A question whose answer must be a JSON object ({@code response_format: json_object}). */
    private static CompletionRequest jsonRequest() {
        ChatOptions json = new ChatOptions(List.of(), ChatOptions.NONE.toolChoice(), null, ResponseFormat.jsonObject(),
                List.of(), null, null);
        return new CompletionRequest("tandem", new ChatPrompt(List.of(ChatMessage.user("The capital of France, as"
                + " JSON?")), null, null, json), false, false, Strategies.named("fuse"), false, 0);
    }
}
