package dev.tandem.llm.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.config.AcceptedValues;
import dev.tandem.http.InvalidRequestException;
import dev.tandem.llm.PlanStep;
import org.junit.jupiter.api.Test;

/** Strategy names as clients write them in requests and settings. */
class StrategiesTest {

    @Test
    void should_read_each_strategy_by_its_kebab_case_name_in_any_case() {
        assertThat(Strategies.named("hedge")).isInstanceOf(Hedge.class);
        assertThat(Strategies.named(" Provider-First ")).isInstanceOf(ProviderFirst.class);
        assertThat(Strategies.named("LOCAL-FIRST")).isInstanceOf(LocalFirst.class);
        assertThat(Strategies.named("fuse")).isInstanceOf(Fuse.class);
        assertThat(Strategies.named("race")).isInstanceOf(Race.class);
    }

    @Test
    void should_find_each_listed_name_under_that_name() {
        assertThat(Strategies.NAMES).allSatisfy(name -> assertThat(Strategies.named(name).name()).isEqualTo(name));
    }

    @Test
    void should_list_the_known_strategies_when_a_name_is_unknown() {
        assertThatThrownBy(() -> Strategies.named("provider_first")).isInstanceOf(InvalidRequestException.class)
                .hasMessage("Unknown strategy 'provider_first': use one of hedge, provider-first, local-first, fuse,"
                        + " race, minions.");
        assertThatThrownBy(() -> Strategies.named("direct")).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void should_plan_a_request_addressed_to_one_backend_on_that_backend_alone() {
        assertThat(new Direct(Steps.LOCAL).planned("ollama/m", "openai/m"))
                .containsExactly(PlanStep.planned("local", "ollama/m"));
        assertThat(new Direct(Steps.PROVIDER).planned("ollama/m", "openai/m"))
                .containsExactly(PlanStep.planned("provider", "openai/m"));
    }

    @Test
    void should_start_first_the_branch_hedge_waits_for() {
        assertThat(Strategies.named("hedge").firstRound()).containsExactly(Steps.PROVIDER, Steps.LOCAL);
    }

    /** TANDEM_LLM_STRATEGY is validated against this list, so a setting the gateway cannot run is refused at start. */
    @Test
    void should_accept_in_the_settings_exactly_the_strategies_a_request_may_name() {
        assertThat(AcceptedValues.of(StrategySetting.KEY)).isEqualTo(Strategies.NAMES);
    }
}
