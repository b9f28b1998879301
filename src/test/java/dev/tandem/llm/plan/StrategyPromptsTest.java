package dev.tandem.llm.plan;

import static dev.tandem.llm.plan.NamedBackend.answered;
import static dev.tandem.llm.plan.Steps.LOCAL;
import static dev.tandem.llm.plan.Steps.MERGE;
import static dev.tandem.llm.plan.Steps.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import dev.tandem.llm.BackendGate;
import dev.tandem.llm.Backends;
import dev.tandem.llm.ChatBackend;
import dev.tandem.llm.ChatMessage;
import dev.tandem.llm.ChatPrompt;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** What each step of a strategy asks its model, and what the user is shown of the winning answer. */
class StrategyPromptsTest {

    private final BackendGate local = NamedBackend.gate("ollama", ChatBackend.Role.LOCAL);
    private final BackendGate provider = NamedBackend.gate("openai", ChatBackend.Role.PROVIDER);
    private final ChatPlanner planner = new ChatPlanner(new Backends(local, Optional.of(provider)),
            Strategies.named("hedge"), new AnswerCheck(0.7, new SimpleMeterRegistry()));
    private final ChatPrompt grounded = new ChatPrompt(List.of(ChatMessage.system("Be brief."),
            ChatMessage.user("Capital of France?")), 200, 0.1);

    @Test
    void should_ask_the_local_model_to_merge_both_drafts_when_fusing() {
        PlanRun run = plan("fuse");
        run.finished(answered(LOCAL, local, 0, "Lyon."));
        run.finished(answered(PROVIDER, provider, 0, "Paris."));

        ChatPrompt merge = run.strategy().prompt(run, MERGE, grounded);

        assertThat(merge.messages()).hasSize(2);
        assertThat(merge.messages().get(0).role()).isEqualTo("system");
        assertThat(merge.messages().get(1)).isEqualTo(ChatMessage.user(
                "Question:\nCapital of France?\n\nDraft A:\nLyon.\n\nDraft B:\nParis."));
        assertThat(merge.maxTokens()).isEqualTo(200);
        assertThat(merge.temperature()).isEqualTo(0.1);
    }

    @Test
    void should_send_the_drafts_of_a_fuse_the_request_as_it_is() {
        PlanRun run = plan("fuse");

        assertThat(run.strategy().prompt(run, LOCAL, grounded)).isSameAs(grounded);
        assertThat(run.strategy().prompt(run, PROVIDER, grounded)).isSameAs(grounded);
    }

    @Test
    void should_ask_only_the_local_model_for_a_confidence_rating_when_local_first() {
        PlanRun run = plan("local-first");

        assertThat(run.strategy().prompt(run, LOCAL, grounded).messages()).containsExactly(
                ChatMessage.system("Be brief."), ChatMessage.system(AnswerCheck.INSTRUCTION),
                ChatMessage.user("Capital of France?"));
        assertThat(run.strategy().prompt(run, PROVIDER, grounded)).isSameAs(grounded);
    }

    @Test
    void should_show_the_local_answer_without_its_rating_and_the_provider_answer_untouched_when_local_first() {
        Strategy localFirst = Strategies.named("local-first");

        assertThat(localFirst.shown(answered(LOCAL, local, 0, "Paris.\nConfidence: 0.9"))).isEqualTo("Paris.");
        assertThat(localFirst.shown(answered(PROVIDER, provider, 0, "Paris.\nConfidence: 0.9")))
                .isEqualTo("Paris.\nConfidence: 0.9");
    }

    private PlanRun plan(String strategy) {
        return planner.plan(new CompletionRequest("tandem", grounded, false, false, Strategies.named(strategy), false,
                0), null);
    }
}
