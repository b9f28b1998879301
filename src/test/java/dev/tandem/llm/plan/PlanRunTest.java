package dev.tandem.llm.plan;

import static dev.tandem.llm.plan.NamedBackend.answered;
import static dev.tandem.llm.plan.NamedBackend.failed;
import static dev.tandem.llm.plan.Steps.LOCAL;
import static dev.tandem.llm.plan.Steps.MERGE;
import static dev.tandem.llm.plan.Steps.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import dev.tandem.llm.BackendException.Kind;
import dev.tandem.llm.BackendGate;
import dev.tandem.llm.ChatBackend;
import dev.tandem.llm.Plan;
import dev.tandem.llm.PlanStep;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** One request's run: its rounds, the calls a decision cancels, and the plan as executed that the client sees. */
class PlanRunTest {

    private final BackendGate local = NamedBackend.gate("ollama", ChatBackend.Role.LOCAL);
    private final BackendGate provider = NamedBackend.gate("openai", ChatBackend.Role.PROVIDER);
    private final AnswerCheck check = new AnswerCheck(0.7, new SimpleMeterRegistry());

    @Test
    void should_cancel_every_call_still_running_when_an_answer_is_chosen() {
        PlanRun run = run("race", List.of(LOCAL, PROVIDER));
        BranchCall localCall = started(run, LOCAL);
        BranchCall providerCall = started(run, PROVIDER);
        run.finished(answered(PROVIDER, provider, 0, "Paris."));

        run.apply(Decision.win(run.result(PROVIDER).orElseThrow(), "first valid answer"));

        assertThat(localCall.end()).as("local cancelled").isTrue();
        assertThat(providerCall.end()).as("the provider's call had finished").isFalse();
        assertThat(run.winner()).get().extracting(PlanRun.Winner::reason).isEqualTo("first valid answer");
    }

    @Test
    void should_cancel_a_call_that_starts_after_the_decision_and_not_one_that_starts_before() {
        PlanRun run = run("race", List.of(LOCAL, PROVIDER));
        BranchCall early = started(run, LOCAL);
        assertThat(early.end()).isFalse();

        run.apply(Decision.win(answered(PROVIDER, provider, 0, "Paris."), "first valid answer"));

        assertThat(started(run, MERGE).end()).isTrue();
    }

    @Test
    void should_drop_the_rounds_still_planned_and_keep_the_first_decision() {
        PlanRun run = run("provider-first", List.of(PROVIDER));
        run.apply(Decision.next(LOCAL));
        BranchResult first = answered(PROVIDER, provider, 0, "Paris.");

        run.apply(Decision.win(first, "the provider answered"));
        run.apply(Decision.win(answered(LOCAL, local, 5, "Lyon."), "too late"));

        assertThat(run.hasNextRound()).isFalse();
        assertThat(run.winner()).get().satisfies(w -> {
            assertThat(w.result()).isSameAs(first);
            assertThat(w.reason()).isEqualTo("the provider answered");
        });
    }

    @Test
    void should_end_without_a_winner_and_cancel_everything_when_abandoned() {
        PlanRun run = run("hedge", List.of(LOCAL, PROVIDER));
        run.apply(Decision.next(MERGE));
        BranchCall call = started(run, LOCAL);

        run.abandon();

        assertThat(call.end()).isTrue();
        assertThat(run.hasNextRound()).isFalse();
        assertThat(run.winner()).isEmpty();
    }

    @Test
    void should_run_rounds_in_order_and_add_one_when_a_decision_asks() {
        PlanRun run = run("fuse", List.of(LOCAL, PROVIDER));

        assertThat(run.nextRound()).isEqualTo("direct:llm-local,direct:llm-provider");
        assertThat(run.hasNextRound()).isFalse();
        run.apply(Decision.next(MERGE));
        assertThat(run.hasNextRound()).isTrue();
        assertThat(run.nextRound()).isEqualTo("direct:llm-merge");
        assertThat(run.winner()).isEmpty();
    }

    @Test
    void should_record_the_flags_and_notes_of_a_decision_in_the_order_given() {
        PlanRun run = run("local-first", List.of(LOCAL));
        PlanStep check = new PlanStep("check", null, 5, 0, "failed", "empty answer");

        run.apply(Decision.none().degraded("provider_failed").noting(check));
        run.degrade("local_failed");
        run.degrade("provider_failed");

        assertThat(run.degraded()).containsExactly("provider_failed", "local_failed");
        assertThat(run.executed().steps()).containsExactly(check);
        assertThat(run.hasNextRound()).isTrue();
        assertThat(run.winner()).isEmpty();
    }

    @Test
    void should_route_the_merge_to_the_local_model_and_refuse_unknown_steps() {
        PlanRun run = run("fuse", List.of());

        assertThat(run.gate(MERGE)).isSameAs(local);
        assertThat(run.gate(LOCAL)).isSameAs(local);
        assertThat(run.gate(PROVIDER)).isSameAs(provider);
        assertThat(run.has(PROVIDER)).isTrue();
        assertThatThrownBy(() -> run.gate("retrieve")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_show_the_executed_plan_in_start_order_with_the_winner_marked_won() {
        PlanRun run = run("local-first", List.of(LOCAL));
        run.grounded(List.of(new Passage(1, "a.txt", "A", "Paris is the capital.", 0.5)),
                new PlanStep("retrieve", null, 0, 3, "ok", null));
        run.finished(answered(LOCAL, local, 4, "Maybe."));
        run.note(new PlanStep("check", null, 20, 0, "failed", "self-rated confidence 0.2 < 0.7"));
        run.finished(failed(PROVIDER, provider, 21, Kind.TIMEOUT));
        run.finished(answered(MERGE, local, 40, "Paris."));
        run.apply(Decision.win(run.result(MERGE).orElseThrow(), "merged"));

        assertThat(run.executed().strategy()).isEqualTo("local-first");
        assertThat(run.executed().steps()).extracting(PlanStep::name, PlanStep::startMs, PlanStep::outcome,
                PlanStep::detail).containsExactly(
                        tuple("retrieve", 0L, "ok", null),
                        tuple("local", 4L, "ok", null),
                        tuple("check", 20L, "failed", "self-rated confidence 0.2 < 0.7"),
                        tuple("provider", 21L, "timeout", "TIMEOUT here"),
                        tuple("merge", 40L, "won", null));
        assertThat(run.passages()).extracting(Passage::source).containsExactly("a.txt");
    }

    @Test
    void should_list_answers_and_failures_each_in_start_order() {
        PlanRun run = run("fuse", List.of());
        run.finished(answered(MERGE, local, 30, "merged"));
        run.finished(failed(PROVIDER, provider, 2, Kind.SERVER_ERROR));
        run.finished(answered(LOCAL, local, 1, "draft"));
        PlanRun bothFailed = run("fuse", List.of());
        bothFailed.finished(failed(PROVIDER, provider, 9, Kind.TIMEOUT));
        bothFailed.finished(failed(LOCAL, local, 1, Kind.UNREACHABLE));

        assertThat(run.answered()).extracting(BranchResult::step).containsExactly(LOCAL, MERGE);
        assertThat(run.failures()).extracting(BranchResult::step).containsExactly(PROVIDER);
        assertThat(bothFailed.failures()).extracting(BranchResult::step).containsExactly(LOCAL, PROVIDER);
        assertThat(run.result(PROVIDER)).get().extracting(BranchResult::ok).isEqualTo(false);
        assertThat(run.answer(PROVIDER)).isEmpty();
        assertThat(run.failed(PROVIDER)).isTrue();
        assertThat(run.failed(LOCAL)).isFalse();
        assertThat(run.result("retrieve")).isEmpty();
    }

    @Test
    void should_count_its_milliseconds_from_the_request_arrival() {
        PlanRun run = run("race", List.of());

        await().atMost(Duration.ofSeconds(10)).until(() -> run.elapsedMs() >= 1);
        assertThat(run.elapsedMs()).isLessThan(Duration.ofMinutes(5).toMillis());
    }

    @Test
    void should_judge_answers_with_the_configured_check() {
        PlanRun run = run("local-first", List.of(LOCAL));

        assertThat(run.check(answered(LOCAL, local, 0, "Maybe.\nConfidence: 0.5").answer()))
                .isEqualTo(new AnswerCheck.Verdict(false, "self-rated confidence 0.5 < 0.7"));
    }

    @Test
    void should_name_its_strategy_or_direct() {
        assertThat(run("provider-first", List.of()).executed().strategy()).isEqualTo("provider-first");
        PlanRun direct = new PlanRun(null, new Direct(LOCAL), local, null, List.of(LOCAL), null, null, check);
        assertThat(direct.strategy().name()).isEqualTo("direct");
        assertThat(direct.has(PROVIDER)).isFalse();
    }

    @Test
    void should_run_the_strategy_it_is_replanned_to_from_that_strategy_first_round_and_show_why() {
        PlanRun run = run("fuse", List.of(LOCAL, PROVIDER));
        PlanStep why = new PlanStep("read", null, 0, 0, "skipped", "the context is short: no minions needed");

        run.replan(Strategies.named("provider-first"), why);

        assertThat(run.strategy().name()).isEqualTo("provider-first");
        assertThat(run.nextRound()).as("fuse's round is gone").isEqualTo("direct:llm-provider");
        assertThat(run.hasNextRound()).isFalse();
        assertThat(run.executed().strategy()).isEqualTo("provider-first");
        assertThat(run.executed().steps()).containsExactly(why);
    }

    private PlanRun run(String strategy, List<String> firstRound) {
        return new PlanRun(null, Strategies.named(strategy), local, provider, firstRound,
                new Plan(strategy, List.of()), null, check);
    }

    private static BranchCall started(PlanRun run, String step) {
        BranchCall call = new BranchCall();
        run.started(step, call);
        return call;
    }
}
