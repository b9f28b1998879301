package dev.tandem.llm.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tandem.http.ApiException;
import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.BackendGate;
import dev.tandem.llm.Backends;
import dev.tandem.llm.ChatBackend;
import dev.tandem.llm.ChatMessage;
import dev.tandem.llm.ChatPrompt;
import dev.tandem.llm.Plan;
import dev.tandem.llm.PlanStep;
import dev.tandem.llm.TokenUsage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The plan a request gets: which backends run in which rounds, as the client sees it in the response metadata. */
class ChatPlannerTest {

    private final BackendGate local = NamedBackend.gate("ollama", ChatBackend.Role.LOCAL);
    private final BackendGate provider = NamedBackend.gate("openai", ChatBackend.Role.PROVIDER);
    private final AnswerCheck check = new AnswerCheck(0.7, new SimpleMeterRegistry());
    private final ChatPlanner planner = new ChatPlanner(new Backends(local, Optional.of(provider)),
            Strategies.named("hedge"), check);
    private final ChatPlanner localOnly = new ChatPlanner(new Backends(local, Optional.empty()),
            Strategies.named("hedge"), check);

    @Test
    void should_start_both_backends_at_once_to_hedge_or_race() {
        for (String strategy : List.of("hedge", "race")) {
            PlanRun run = planner.plan(request("tandem", strategy, false, 0), null);

            assertThat(run.planned()).as(strategy).isEqualTo(new Plan(strategy, List.of(
                    PlanStep.planned("local", "ollama/m"), PlanStep.planned("provider", "openai/m"))));
            // hedge starts first the branch it waits for
            assertThat(run.nextRound()).as(strategy).isEqualTo(strategy.equals("hedge")
                    ? "direct:llm-provider,direct:llm-local" : "direct:llm-local,direct:llm-provider");
            assertThat(run.hasNextRound()).isFalse();
            assertThat(run.degraded()).isEmpty();
        }
    }

    @Test
    void should_plan_a_merge_by_the_local_model_after_both_drafts_when_fusing() {
        PlanRun run = planner.plan(request("tandem", "fuse", false, 0), null);

        assertThat(run.planned().steps()).extracting(PlanStep::name, PlanStep::backend, PlanStep::outcome)
                .containsExactly(tuple("local", "ollama/m", "planned"), tuple("provider", "openai/m", "planned"),
                        tuple("merge", "ollama/m", "planned"));
        assertThat(run.nextRound()).isEqualTo("direct:llm-local,direct:llm-provider");
        assertThat(run.hasNextRound()).isFalse();
    }

    @Test
    void should_call_the_provider_alone_with_the_local_model_as_fallback_when_provider_first() {
        PlanRun run = planner.plan(request("tandem", "provider-first", false, 0), null);

        assertThat(run.planned().steps()).extracting(PlanStep::name, PlanStep::backend, PlanStep::outcome)
                .containsExactly(tuple("provider", "openai/m", "planned"), tuple("local", "ollama/m", "fallback"));
        assertThat(run.nextRound()).isEqualTo("direct:llm-provider");
        assertThat(run.hasNextRound()).isFalse();
    }

    @Test
    void should_call_the_local_model_alone_with_the_provider_if_the_check_fails_when_local_first() {
        PlanRun run = planner.plan(request("tandem", "local-first", false, 0), null);

        assertThat(run.planned().steps()).extracting(PlanStep::name, PlanStep::backend, PlanStep::outcome)
                .containsExactly(tuple("local", "ollama/m", "planned"),
                        tuple("provider", "openai/m", "if the check fails"));
        assertThat(run.nextRound()).isEqualTo("direct:llm-local");
        assertThat(run.hasNextRound()).isFalse();
    }

    @Test
    void should_use_the_configured_strategy_when_the_request_names_none() {
        PlanRun run = new ChatPlanner(new Backends(local, Optional.of(provider)), Strategies.named("local-first"),
                check).plan(request("tandem", null, false, 0), null);

        assertThat(run.strategy().name()).isEqualTo("local-first");
        assertThat(run.planned().strategy()).isEqualTo("local-first");
    }

    @Test
    void should_plan_the_local_model_alone_marked_degraded_when_no_provider_is_configured() {
        PlanRun run = localOnly.plan(request("tandem", "fuse", false, 0), null);

        assertThat(run.planned()).isEqualTo(new Plan("fuse", List.of(PlanStep.planned("local", "ollama/m"))));
        assertThat(run.nextRound()).isEqualTo("direct:llm-local");
        assertThat(run.degraded()).containsExactly("no_provider");
        assertThat(run.has("provider")).isFalse();
    }

    @Test
    void should_retrieve_context_first_only_when_asked_for_at_least_one_passage() {
        assertThat(planner.plan(request("tandem", "hedge", true, 1), null).planned().steps())
                .extracting(PlanStep::name).containsExactly("retrieve", "local", "provider");
        assertThat(planner.plan(request("tandem", "hedge", true, 0), null).planned().steps())
                .extracting(PlanStep::name).containsExactly("local", "provider");
        assertThat(planner.plan(request("tandem", "hedge", false, 4), null).planned().steps())
                .extracting(PlanStep::name).containsExactly("local", "provider");
    }

    @Test
    void should_retrieve_context_for_a_request_to_one_model_only_when_asked_for_at_least_one_passage() {
        assertThat(planner.plan(request("ollama/m", null, true, 1), null).planned().steps())
                .extracting(PlanStep::name).containsExactly("retrieve", "local");
        assertThat(planner.plan(request("ollama/m", null, true, 0), null).planned().steps())
                .extracting(PlanStep::name).containsExactly("local");
    }

    @Test
    void should_send_a_request_for_one_model_to_that_backend_alone() {
        PlanRun toLocal = planner.plan(request("ollama/m", null, false, 0), null);
        PlanRun toProvider = planner.plan(request("openai/m", "fuse", true, 2), null);

        assertThat(toLocal.planned()).isEqualTo(new Plan("direct", List.of(PlanStep.planned("local", "ollama/m"))));
        assertThat(toLocal.strategy().name()).isEqualTo("direct");
        assertThat(toLocal.nextRound()).isEqualTo("direct:llm-local");
        assertThat(toLocal.gate("local")).isSameAs(local);
        assertThat(toLocal.has("provider")).isFalse();

        assertThat(toProvider.planned()).isEqualTo(new Plan("direct", List.of(PlanStep.planned("retrieve", null),
                PlanStep.planned("provider", "openai/m"))));
        assertThat(toProvider.strategy().name()).isEqualTo("direct");
        assertThat(toProvider.nextRound()).isEqualTo("direct:llm-provider");
        assertThat(toProvider.gate("provider")).isSameAs(provider);
        assertThat(toProvider.has("local")).isFalse();
    }

    @Test
    void should_answer_404_with_where_to_find_the_models_for_an_unknown_model() {
        assertThatThrownBy(() -> planner.plan(request("ollama/other", null, false, 0), null))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("model_not_found");
                    assertThat(e.getMessage()).isEqualTo("The model 'ollama/other' does not exist: GET /v1/models"
                            + " lists the models this Tandem serves.");
                });
    }

    @Test
    void should_leave_the_run_in_the_exchange_for_the_rest_of_the_flow() throws Exception {
        CompletionRequest request = request("tandem", "race", false, 0);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(request);

        planner.plan(exchange);

        PlanRun run = exchange.getProperty(PlanRun.PROPERTY, PlanRun.class);
        assertThat(run.request()).isSameAs(request);
        assertThat(run.strategy().name()).isEqualTo("race");
        assertThat(run.check(new BackendAnswer("Lyon.\nConfidence: 0.5", "stop", new TokenUsage(1, 1, Map.of()))))
                .as("the run judges with the planner's check")
                .isEqualTo(new AnswerCheck.Verdict(false, "self-rated confidence 0.5 < 0.7"));
    }

    private static CompletionRequest request(String model, String strategy, boolean retrieve, int k) {
        return new CompletionRequest(model, new ChatPrompt(List.of(ChatMessage.user("Capital?")), null, null), false,
                false, strategy == null ? null : Strategies.named(strategy), retrieve, k);
    }
}
