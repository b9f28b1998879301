package dev.tandem.mcp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** A listing asked for earlier never replaces one asked for later, whichever arrives last. */
class NewestListingTest {

    @Test
    void should_keep_the_later_listing_when_the_earlier_one_arrives_after_it() {
        NewestListing<List<String>> tools = new NewestListing<>(List.of());
        long connecting = tools.next();
        long onChange = tools.next();

        assertThat(tools.apply(onChange, List.of("first", "second"))).isTrue();
        assertThat(tools.apply(connecting, List.of("first"))).isFalse();

        assertThat(tools.current()).containsExactly("first", "second");
    }

    @Test
    void should_apply_listings_that_arrive_in_the_order_they_were_asked_for() {
        NewestListing<List<String>> tools = new NewestListing<>(List.of());
        assertThat(tools.current()).isEmpty();

        assertThat(tools.apply(tools.next(), List.of("first"))).isTrue();
        assertThat(tools.apply(tools.next(), List.of("first", "second"))).isTrue();

        assertThat(tools.current()).containsExactly("first", "second");
    }
}
