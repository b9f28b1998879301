package dev.tandem.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Strategy names as clients write them in requests and settings. */
class StrategyTest {

    @Test
    void should_read_each_strategy_by_its_kebab_case_name_in_any_case() {
        assertThat(Strategy.parse("hedge")).isEqualTo(Strategy.HEDGE);
        assertThat(Strategy.parse(" Provider-First ")).isEqualTo(Strategy.PROVIDER_FIRST);
        assertThat(Strategy.parse("LOCAL-FIRST")).isEqualTo(Strategy.LOCAL_FIRST);
        assertThat(Strategy.FUSE.value()).isEqualTo("fuse");
    }

    @Test
    void should_list_the_known_strategies_when_a_name_is_unknown() {
        assertThatThrownBy(() -> Strategy.parse("provider_first")).hasMessage("Unknown strategy 'provider_first':"
                + " use one of hedge, provider-first, local-first, fuse, race.");
    }
}
