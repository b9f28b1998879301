package dev.tandem.llm;

import static dev.tandem.llm.NamedBackend.answered;
import static dev.tandem.llm.NamedBackend.failed;
import static dev.tandem.llm.PlanRun.LOCAL;
import static dev.tandem.llm.PlanRun.MERGE;
import static dev.tandem.llm.PlanRun.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import dev.tandem.llm.BackendException.Kind;
import org.junit.jupiter.api.Test;

/** One request's run: its rounds, the calls a decision cancels, and the plan as executed that the client sees. */
class PlanRunTest {

    private final BackendGate local = NamedBackend.gate("ollama", ChatBackend.Role.LOCAL);
    private final BackendGate provider = NamedBackend.gate("openai", ChatBackend.Role.PROVIDER);

    @Test
    void should_cancel_every_call_still_running_when_an_answer_is_chosen() {
        PlanRun run = run(Strategy.RACE, List.of(List.of(LOCAL, PROVIDER)));
        BranchCall localCall = started(run, LOCAL);
        BranchCall providerCall = started(run, PROVIDER);
        run.finished(answered(PROVIDER, provider, 0, "Paris."));

        run.decide(run.result(PROVIDER).orElseThrow(), "first valid answer");

        assertThat(localCall.end()).as("local cancelled").isTrue();
        assertThat(providerCall.end()).as("the provider's call had finished").isFalse();
        assertThat(run.winner()).get().extracting(PlanRun.Winner::reason).isEqualTo("first valid answer");
    }

    @Test
    void should_cancel_a_call_that_starts_after_the_decision_and_not_one_that_starts_before() {
        PlanRun run = run(Strategy.RACE, List.of(List.of(LOCAL, PROVIDER)));
        BranchCall early = started(run, LOCAL);
        assertThat(early.end()).isFalse();

        run.decide(answered(PROVIDER, provider, 0, "Paris."), "first valid answer");

        assertThat(started(run, MERGE).end()).isTrue();
    }

    @Test
    void should_drop_the_rounds_still_planned_and_keep_the_first_decision() {
        PlanRun run = run(Strategy.PROVIDER_FIRST, List.of(List.of(PROVIDER), List.of(LOCAL)));
        BranchResult first = answered(PROVIDER, provider, 0, "Paris.");

        run.decide(first, "the provider answered");
        run.decide(answered(LOCAL, local, 5, "Lyon."), "too late");

        assertThat(run.hasNextRound()).isFalse();
        assertThat(run.winner()).get().satisfies(w -> {
            assertThat(w.result()).isSameAs(first);
            assertThat(w.reason()).isEqualTo("the provider answered");
        });
    }

    @Test
    void should_end_without_a_winner_and_cancel_everything_when_abandoned() {
        PlanRun run = run(Strategy.HEDGE, List.of(List.of(LOCAL, PROVIDER), List.of(MERGE)));
        BranchCall call = started(run, LOCAL);

        run.abandon();

        assertThat(call.end()).isTrue();
        assertThat(run.hasNextRound()).isFalse();
        assertThat(run.winner()).isEmpty();
    }

    @Test
    void should_run_rounds_in_order_and_add_one_when_asked() {
        PlanRun run = run(Strategy.FUSE, List.of(List.of(LOCAL, PROVIDER)));

        assertThat(run.nextRound()).isEqualTo("direct:llm-local,direct:llm-provider");
        assertThat(run.hasNextRound()).isFalse();
        run.addRound(MERGE);
        assertThat(run.hasNextRound()).isTrue();
        assertThat(run.nextRound()).isEqualTo("direct:llm-merge");
    }

    @Test
    void should_route_the_merge_to_the_local_model_and_refuse_unknown_steps() {
        PlanRun run = run(Strategy.FUSE, List.of());

        assertThat(run.gate(MERGE)).isSameAs(local);
        assertThat(run.gate(LOCAL)).isSameAs(local);
        assertThat(run.gate(PROVIDER)).isSameAs(provider);
        assertThat(run.has(PROVIDER)).isTrue();
        assertThatThrownBy(() -> run.gate("retrieve")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_show_the_executed_plan_in_start_order_with_the_winner_marked_won() {
        PlanRun run = run(Strategy.LOCAL_FIRST, List.of(List.of(LOCAL)));
        run.grounded(List.of(new Passage(1, "a.txt", "A", "Paris is the capital.", 0.5)),
                new PlanStep("retrieve", null, 0, 3, "ok", null));
        run.finished(answered(LOCAL, local, 4, "Maybe."));
        run.note(new PlanStep("check", null, 20, 0, "failed", "self-rated confidence 0.2 < 0.7"));
        run.finished(failed(PROVIDER, provider, 21, Kind.TIMEOUT));
        run.finished(answered(MERGE, local, 40, "Paris."));
        run.decide(run.result(MERGE).orElseThrow(), "merged");

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
        PlanRun run = run(Strategy.FUSE, List.of());
        run.finished(answered(MERGE, local, 30, "merged"));
        run.finished(failed(PROVIDER, provider, 2, Kind.SERVER_ERROR));
        run.finished(answered(LOCAL, local, 1, "draft"));
        PlanRun bothFailed = run(Strategy.FUSE, List.of());
        bothFailed.finished(failed(PROVIDER, provider, 9, Kind.TIMEOUT));
        bothFailed.finished(failed(LOCAL, local, 1, Kind.UNREACHABLE));

        assertThat(run.answered()).extracting(BranchResult::step).containsExactly(LOCAL, MERGE);
        assertThat(run.failures()).extracting(BranchResult::step).containsExactly(PROVIDER);
        assertThat(bothFailed.failures()).extracting(BranchResult::step).containsExactly(LOCAL, PROVIDER);
        assertThat(run.result(PROVIDER)).get().extracting(BranchResult::ok).isEqualTo(false);
        assertThat(run.result("retrieve")).isEmpty();
    }

    @Test
    void should_count_its_milliseconds_from_the_request_arrival() {
        PlanRun run = run(Strategy.RACE, List.of());

        await().atMost(Duration.ofSeconds(10)).until(() -> run.elapsedMs() >= 1);
        assertThat(run.elapsedMs()).isLessThan(Duration.ofMinutes(5).toMillis());
    }

    @Test
    void should_name_its_strategy_or_direct() {
        assertThat(run(Strategy.PROVIDER_FIRST, List.of()).strategyName()).isEqualTo("provider-first");
        assertThat(new PlanRun(null, null, local, null, List.of(), null, null).strategyName()).isEqualTo("direct");
    }

    private PlanRun run(Strategy strategy, List<List<String>> rounds) {
        return new PlanRun(null, strategy, local, provider, rounds, new Plan(strategy.value(), List.of()), null);
    }

    private static BranchCall started(PlanRun run, String step) {
        BranchCall call = new BranchCall();
        run.started(step, call);
        return call;
    }
}
