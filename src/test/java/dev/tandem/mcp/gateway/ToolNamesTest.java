package dev.tandem.mcp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

class ToolNamesTest {

    @Test
    void should_name_an_upstream_tool_server_and_tool_joined_by_two_underscores() {
        assertThat(new ToolNames(Set.of()).assign("github", "create_issue")).isEqualTo("github__create_issue");
    }

    @Test
    void should_replace_characters_clients_refuse_in_names() {
        assertThat(new ToolNames(Set.of()).assign("docs", "search.v2 beta")).isEqualTo("docs__search_v2_beta");
    }

    @Test
    void should_cut_a_long_name_to_64_characters_ending_in_a_stable_hash() {
        String tool = "a_tool_whose_name_goes_on_and_on_far_beyond_what_any_client_would_show";

        String name = new ToolNames(Set.of()).assign("server", tool);

        assertThat(name).hasSize(64).startsWith("server__a_tool_whose_name").matches(".*_[0-9a-f]{8}");
        assertThat(new ToolNames(Set.of()).assign("server", tool)).isEqualTo(name);
    }

    @Test
    void should_leave_tandems_own_name_to_tandem_and_give_the_upstream_tool_a_hashed_one() {
        String name = new ToolNames(Set.of("a__b")).assign("a", "b");

        assertThat(name).isNotEqualTo("a__b").startsWith("a__b_").hasSize("a__b_".length() + 8);
    }

    @Test
    void should_give_two_tools_that_clean_up_to_the_same_name_two_names() {
        ToolNames names = new ToolNames(Set.of());

        String first = names.assign("s", "read.file");
        String second = names.assign("s", "read file");

        assertThat(first).isEqualTo("s__read_file");
        assertThat(second).isNotEqualTo(first).startsWith("s__read_file_");
    }
}
