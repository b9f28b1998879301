package dev.tandem.llm.plan;

import static dev.tandem.llm.plan.Steps.LOCAL;
import static dev.tandem.llm.plan.Steps.MERGE;
import static dev.tandem.llm.plan.Steps.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;

import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.BackendException;
import dev.tandem.llm.BackendException.Kind;
import dev.tandem.llm.BackendGate;
import dev.tandem.llm.Backends;
import dev.tandem.llm.ChatBackend;
import dev.tandem.llm.ChatMessage;
import dev.tandem.llm.ChatPrompt;
import dev.tandem.llm.PlanStep;
import dev.tandem.llm.TokenUsage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** Each strategy's decisions, fed with bare exchanges as a recipient list would feed them. */
class BoostAggregationStrategyTest {

    private static final SimpleMeterRegistry METRICS = new SimpleMeterRegistry();
    private final CamelContext camel = new DefaultCamelContext();
    private final BackendGate local = NamedBackend.gate("ollama", ChatBackend.Role.LOCAL);
    private final BackendGate provider = NamedBackend.gate("openai", ChatBackend.Role.PROVIDER);
    private final BoostAggregationStrategy boost = new BoostAggregationStrategy();
    private final ChatPlanner planner = new ChatPlanner(new Backends(local, java.util.Optional.of(provider)),
            Strategies.named("hedge"), new AnswerCheck(0.7, METRICS));

    @Test
    void should_let_the_provider_win_a_hedge_and_cancel_the_local_call() {
        PlanRun run = plan(Strategies.named("hedge"));
        BranchCall localCall = new BranchCall();
        run.started(LOCAL, localCall);

        arrive(run, ok(PROVIDER, "Paris is the capital."));

        assertThat(run.winner()).get().extracting(w -> w.result().step()).isEqualTo(PROVIDER);
        assertThat(localCall.end()).as("the local call was cancelled").isTrue();
        assertThat(run.hasNextRound()).isFalse();
        assertThat(run.degraded()).isEmpty();
    }

    @Test
    void should_wait_in_a_hedge_for_the_provider_when_the_local_answer_comes_first() {
        PlanRun run = plan(Strategies.named("hedge"));

        arrive(run, ok(LOCAL, "Paris."));

        assertThat(run.winner()).isEmpty();
    }

    @Test
    void should_return_the_local_answer_marked_degraded_when_the_provider_fails_in_a_hedge() {
        PlanRun run = plan(Strategies.named("hedge"));

        arrive(run, failed(PROVIDER, Kind.SERVER_ERROR));
        assertThat(run.winner()).isEmpty();
        arrive(run, ok(LOCAL, "Paris."));

        assertThat(run.winner()).get().extracting(w -> w.result().step()).isEqualTo(LOCAL);
        assertThat(run.degraded()).containsExactly("provider_failed");
    }

    @Test
    void should_settle_a_hedge_on_the_local_answer_when_the_round_ends_with_a_provider_timeout() {
        PlanRun run = plan(Strategies.named("hedge"));
        run.nextRound();
        report(run, ok(LOCAL, "Paris."), failed(PROVIDER, Kind.TIMEOUT));

        assertThat(run.winner()).get().extracting(PlanRun.Winner::reason).asString()
                .contains("the provider failed");
    }

    @Test
    void should_take_the_first_valid_answer_in_a_race() {
        PlanRun run = plan(Strategies.named("race"));
        arrive(run, failed(PROVIDER, Kind.EMPTY), ok(LOCAL, "Paris."));

        assertThat(run.winner()).get().extracting(w -> w.result().step()).isEqualTo(LOCAL);
    }

    @Test
    void should_fall_back_to_the_local_model_in_a_second_round_when_the_provider_fails_first() {
        PlanRun run = plan(Strategies.named("provider-first"));
        assertThat(run.nextRound()).isEqualTo("direct:llm-provider");

        report(run, failed(PROVIDER, Kind.UNREACHABLE));

        assertThat(run.hasNextRound()).isTrue();
        assertThat(run.nextRound()).isEqualTo("direct:llm-local");
        report(run, ok(LOCAL, "Paris."));
        assertThat(run.winner()).get().extracting(w -> w.result().step()).isEqualTo(LOCAL);
    }

    @Test
    void should_skip_the_provider_when_the_local_answer_passes_the_check() {
        PlanRun run = plan(Strategies.named("local-first"));
        assertThat(run.nextRound()).isEqualTo("direct:llm-local");

        report(run, ok(LOCAL, "Paris is the capital of France.\nConfidence: 0.9"));

        assertThat(run.winner()).get().extracting(w -> w.result().step()).isEqualTo(LOCAL);
        assertThat(run.hasNextRound()).isFalse();
    }

    @Test
    void should_escalate_to_the_provider_when_the_local_model_is_unsure() {
        PlanRun run = plan(Strategies.named("local-first"));
        run.nextRound();

        report(run, ok(LOCAL, "Maybe Lyon?\nConfidence: 0.3"));

        assertThat(run.winner()).isEmpty();
        assertThat(run.nextRound()).isEqualTo("direct:llm-provider");
        report(run, ok(PROVIDER, "Paris."));
        assertThat(run.winner()).get().extracting(w -> w.result().step()).isEqualTo(PROVIDER);
        assertThat(run.executed().steps()).extracting(PlanStep::name).contains("check");
    }

    @Test
    void should_merge_both_drafts_in_a_third_step_when_fusing() {
        PlanRun run = plan(Strategies.named("fuse"));
        run.nextRound();
        report(run, ok(LOCAL, "Paris."), ok(PROVIDER, "The capital is Paris."));

        assertThat(run.nextRound()).isEqualTo("direct:llm-merge");
        report(run, ok(MERGE, "Paris is the capital of France."));
        assertThat(run.winner()).get().extracting(w -> w.result().step()).isEqualTo(MERGE);
    }

    @Test
    void should_settle_a_fuse_on_the_provider_draft_when_the_local_model_fails() {
        PlanRun run = plan(Strategies.named("fuse"));
        run.nextRound();
        report(run, failed(LOCAL, Kind.UNREACHABLE), ok(PROVIDER, "Paris."));

        assertThat(run.winner()).get().extracting(w -> w.result().step()).isEqualTo(PROVIDER);
        assertThat(run.degraded()).containsExactly("local_failed");
    }

    @Test
    void should_have_no_winner_when_both_fail() {
        PlanRun run = plan(Strategies.named("hedge"));
        run.nextRound();
        report(run, failed(LOCAL, Kind.UNREACHABLE), failed(PROVIDER, Kind.SERVER_ERROR));

        assertThat(run.winner()).isEmpty();
        assertThat(run.hasNextRound()).isFalse();
    }

    @Test
    void should_keep_the_first_exchange_as_the_aggregate() {
        PlanRun run = plan(Strategies.named("hedge"));
        Exchange first = exchange(run, ok(LOCAL, "Paris."));
        Exchange second = exchange(run, ok(PROVIDER, "Paris."));

        assertThat(boost.aggregate(null, first)).isSameAs(first);
        assertThat(boost.aggregate(first, second)).isSameAs(first);
    }

    @Test
    void should_pass_over_exchanges_without_a_run_or_without_a_result() {
        PlanRun run = plan(Strategies.named("race"));
        Exchange bare = new DefaultExchange(camel);
        bare.getMessage().setBody(ok(LOCAL, "Paris."));

        assertThat(boost.aggregate(null, bare)).isSameAs(bare);
        assertThat(boost.aggregate(null, exchange(run, null))).isNotNull();
        boost.onCompletion(bare, bare);
        assertThat(run.winner()).isEmpty();
    }

    @Test
    void should_not_let_the_local_answer_win_a_hedge_while_the_provider_answer_is_being_reported() {
        PlanRun run = plan(Strategies.named("hedge"));
        run.finished(ok(PROVIDER, "Paris is the capital."));

        arrive(run, ok(LOCAL, "Paris."));

        assertThat(run.winner()).isEmpty();
    }

    @Test
    void should_say_why_the_provider_won_a_hedge() {
        PlanRun run = plan(Strategies.named("hedge"));

        arrive(run, ok(PROVIDER, "Paris."));

        assertThat(run.winner()).get().extracting(PlanRun.Winner::reason)
                .isEqualTo("the provider answered within its deadline");
    }

    @Test
    void should_say_the_local_answer_won_a_hedge_because_the_provider_failed_and_how() {
        PlanRun run = plan(Strategies.named("hedge"));

        arrive(run, failed(PROVIDER, Kind.SERVER_ERROR), ok(LOCAL, "Paris."));

        assertThat(run.winner()).get().extracting(PlanRun.Winner::reason)
                .isEqualTo("the local answer, because the provider failed: SERVER_ERROR here");
    }

    @Test
    void should_answer_at_once_with_the_local_model_when_no_provider_is_configured() {
        PlanRun run = localOnly(Strategies.named("hedge"));

        arrive(run, ok(LOCAL, "Paris."));

        assertThat(run.winner()).get().extracting(PlanRun.Winner::reason)
                .isEqualTo("the local answer (no provider is configured)");
        assertThat(run.degraded()).containsExactly("no_provider");
    }

    @Test
    void should_settle_a_hedge_on_the_local_answer_when_the_provider_never_reported() {
        PlanRun run = plan(Strategies.named("hedge"));
        run.nextRound();

        report(run, ok(LOCAL, "Paris."));

        assertThat(run.winner()).get().satisfies(w -> {
            assertThat(w.result().step()).isEqualTo(LOCAL);
            assertThat(w.reason()).isEqualTo("the local answer");
        });
        assertThat(run.degraded()).containsExactly("provider_failed");
    }

    @Test
    void should_take_the_provider_answer_first_when_provider_first_and_mark_a_fallback_degraded() {
        PlanRun answered = plan(Strategies.named("provider-first"));
        answered.nextRound();
        report(answered, ok(PROVIDER, "Paris."));
        assertThat(answered.winner()).get().extracting(PlanRun.Winner::reason).isEqualTo("the provider answered");
        assertThat(answered.degraded()).isEmpty();

        PlanRun fellBack = plan(Strategies.named("provider-first"));
        fellBack.nextRound();
        report(fellBack, failed(PROVIDER, Kind.TIMEOUT));
        fellBack.nextRound();
        report(fellBack, ok(LOCAL, "Paris."));
        assertThat(fellBack.degraded()).containsExactly("provider_failed");
        assertThat(fellBack.winner()).get().extracting(PlanRun.Winner::reason)
                .isEqualTo("the local answer, because the provider failed: TIMEOUT here");
    }

    @Test
    void should_end_provider_first_without_an_answer_when_the_fallback_fails_too() {
        PlanRun run = plan(Strategies.named("provider-first"));
        run.nextRound();
        report(run, failed(PROVIDER, Kind.TIMEOUT));
        run.nextRound();

        report(run, failed(LOCAL, Kind.UNREACHABLE));

        assertThat(run.winner()).isEmpty();
        assertThat(run.hasNextRound()).isFalse();
    }

    @Test
    void should_show_the_check_in_the_executed_plan_when_local_first() {
        PlanRun run = plan(Strategies.named("local-first"));
        run.nextRound();

        report(run, ok(LOCAL, "Paris.\nConfidence: 0.9"));

        assertThat(run.executed().steps()).filteredOn(step -> step.name().equals("check"))
                .extracting(PlanStep::outcome, PlanStep::detail)
                .containsExactly(tuple("passed", "self-rated confidence 0.9"));
        assertThat(run.winner()).get().extracting(PlanRun.Winner::reason)
                .isEqualTo("the local answer passed the check; the provider was not called");
    }

    @Test
    void should_say_the_provider_was_asked_because_the_local_answer_failed_the_check() {
        PlanRun run = plan(Strategies.named("local-first"));
        run.nextRound();
        report(run, ok(LOCAL, "ESCALATE"));
        assertThat(run.executed().steps()).filteredOn(step -> step.name().equals("check"))
                .extracting(PlanStep::outcome).containsExactly("failed");
        run.nextRound();

        report(run, ok(PROVIDER, "Paris."));

        assertThat(run.winner()).get().extracting(PlanRun.Winner::reason)
                .isEqualTo("the local answer failed the check; escalated to the provider");
    }

    @Test
    void should_return_the_unchecked_local_answer_marked_degraded_when_the_escalation_fails() {
        PlanRun run = plan(Strategies.named("local-first"));
        run.nextRound();
        report(run, ok(LOCAL, "Maybe Lyon.\nConfidence: 0.2"));
        run.nextRound();

        report(run, failed(PROVIDER, Kind.SERVER_ERROR));

        assertThat(run.winner()).get().satisfies(w -> {
            assertThat(w.result().step()).isEqualTo(LOCAL);
            assertThat(w.reason()).isEqualTo("the local answer failed the check but the provider gave none");
        });
        assertThat(run.degraded()).containsExactly("local_answer_unchecked");
        assertThat(run.hasNextRound()).isFalse();
    }

    @Test
    void should_not_escalate_local_first_when_no_provider_is_configured() {
        PlanRun run = localOnly(Strategies.named("local-first"));
        run.nextRound();

        report(run, failed(LOCAL, Kind.UNREACHABLE));

        assertThat(run.hasNextRound()).isFalse();
        assertThat(run.winner()).isEmpty();
    }

    @Test
    void should_settle_a_fuse_on_the_local_draft_when_the_provider_fails() {
        PlanRun run = plan(Strategies.named("fuse"));
        run.nextRound();

        report(run, ok(LOCAL, "Paris."), failed(PROVIDER, Kind.SERVER_ERROR));

        assertThat(run.winner()).get().satisfies(w -> {
            assertThat(w.result().step()).isEqualTo(LOCAL);
            assertThat(w.reason()).isEqualTo("only the local draft is available");
        });
        assertThat(run.degraded()).containsExactly("provider_failed");
        assertThat(run.hasNextRound()).isFalse();
    }

    @Test
    void should_settle_a_fuse_on_the_provider_draft_marked_merge_failed_when_the_merge_fails() {
        PlanRun run = plan(Strategies.named("fuse"));
        run.nextRound();
        report(run, ok(LOCAL, "Paris."), ok(PROVIDER, "The capital is Paris."));
        run.nextRound();

        report(run, failed(MERGE, Kind.TIMEOUT));

        assertThat(run.winner()).get().satisfies(w -> {
            assertThat(w.result().step()).isEqualTo(PROVIDER);
            assertThat(w.reason()).isEqualTo("only the provider's draft is available");
        });
        assertThat(run.degraded()).containsExactly("merge_failed");
    }

    @Test
    void should_not_wait_for_drafts_before_merging_nor_decide_on_a_draft_while_fusing() {
        PlanRun run = plan(Strategies.named("fuse"));
        run.nextRound();

        arrive(run, ok(LOCAL, "Paris."), ok(PROVIDER, "Paris."));

        assertThat(run.winner()).isEmpty();
    }

    @Test
    void should_answer_directly_from_the_addressed_backend() {
        PlanRun run = planner.plan(new CompletionRequest("openai/m", new ChatPrompt(List.of(ChatMessage.user(
                "Capital?")), null, null), false, false, null, false, 0), null);
        run.nextRound();

        report(run, ok(PROVIDER, "Paris."));

        assertThat(run.winner()).get().extracting(PlanRun.Winner::reason).isEqualTo("addressed directly");
    }

    @Test
    void should_not_fall_back_to_the_other_backend_when_the_addressed_one_fails() {
        PlanRun run = planner.plan(new CompletionRequest("openai/m", new ChatPrompt(List.of(ChatMessage.user(
                "Capital?")), null, null), false, false, null, false, 0), null);
        run.nextRound();

        report(run, failed(PROVIDER, Kind.SERVER_ERROR));

        assertThat(run.winner()).isEmpty();
        assertThat(run.hasNextRound()).isFalse();
        assertThat(run.degraded()).isEmpty();
    }

    @Test
    void should_end_a_race_without_a_winner_or_another_round_when_both_fail() {
        PlanRun run = plan(Strategies.named("race"));
        run.nextRound();

        report(run, failed(LOCAL, Kind.UNREACHABLE), failed(PROVIDER, Kind.TIMEOUT));

        assertThat(run.winner()).isEmpty();
        assertThat(run.hasNextRound()).isFalse();
        assertThat(run.degraded()).isEmpty();
    }

    private PlanRun localOnly(Strategy strategy) {
        return new ChatPlanner(new Backends(local, java.util.Optional.empty()), Strategies.named("hedge"),
                new AnswerCheck(0.7, METRICS)).plan(
                new CompletionRequest("tandem", new ChatPrompt(List.of(ChatMessage.user("Capital?")), null, null),
                        false, false, strategy, false, 0), null);
    }

    /** Branch results arriving, each aggregated as its branch exchange would be. */
    private void arrive(PlanRun run, BranchResult... results) {
        for (BranchResult result : results) {
            run.finished(result);
            boost.aggregate(null, exchange(run, result));
        }
    }

    /** A whole round: its results arrive, then the round completes. */
    private void report(PlanRun run, BranchResult... results) {
        arrive(run, results);
        boost.onCompletion(exchange(run, null), exchange(run, null));
    }

    private Exchange exchange(PlanRun run, BranchResult body) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(PlanRun.PROPERTY, run);
        exchange.getMessage().setBody(body);
        return exchange;
    }

    private PlanRun plan(Strategy strategy) {
        return planner.plan(new CompletionRequest("tandem", new ChatPrompt(List.of(ChatMessage.user("Capital?")),
                null, null), false, false, strategy, false, 0), null);
    }

    private BranchResult ok(String step, String text) {
        return new BranchResult(step, backendOf(step), 0, 10, new BackendAnswer(text, "stop",
                new TokenUsage(3, 4, Map.of())), null, List.of());
    }

    private BranchResult failed(String step, Kind kind) {
        return new BranchResult(step, backendOf(step), 0, 10, null, new BackendException(kind, kind + " here"),
                List.of());
    }

    private ChatBackend backendOf(String step) {
        return PROVIDER.equals(step) ? provider.backend() : local.backend();
    }
}
