package dev.tandem.mcp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** mcp.json's allow and deny globs: which of an upstream's tools Tandem offers. */
class ToolFilterTest {

    @Test
    void should_offer_every_tool_when_neither_allow_nor_deny_is_given() {
        assertThat(ToolFilter.ALL.offers("write_file")).isTrue();
        assertThat(new ToolFilter(List.of(), List.of()).offers("anything")).isTrue();
    }

    @Test
    void should_offer_only_the_tools_an_allow_glob_matches() {
        ToolFilter filter = new ToolFilter(List.of("read_*", "list_directory"), List.of());

        assertThat(filter.offers("read_file")).isTrue();
        assertThat(filter.offers("read_")).isTrue();
        assertThat(filter.offers("list_directory")).isTrue();
        assertThat(filter.offers("write_file")).isFalse();
        assertThat(filter.offers("list_directory_tree")).as("a glob matches the whole name").isFalse();
        assertThat(filter.offers("do_read_file")).as("a glob matches the whole name").isFalse();
    }

    @Test
    void should_refuse_a_denied_tool_even_when_an_allow_glob_matches_it() {
        ToolFilter filter = new ToolFilter(List.of("*"), List.of("write_*", "delete_file"));

        assertThat(filter.offers("read_file")).isTrue();
        assertThat(filter.offers("write_file")).isFalse();
        assertThat(filter.offers("delete_file")).isFalse();
    }

    @Test
    void should_refuse_denied_tools_and_offer_the_rest_when_there_is_no_allow_glob() {
        ToolFilter filter = new ToolFilter(List.of(), List.of("*_file"));

        assertThat(filter.offers("write_file")).isFalse();
        assertThat(filter.offers("list_directory")).isTrue();
    }

    @Test
    void should_match_one_character_with_a_question_mark() {
        ToolFilter filter = new ToolFilter(List.of("echo?"), List.of());

        assertThat(filter.offers("echo2")).isTrue();
        assertThat(filter.offers("echo")).isFalse();
        assertThat(filter.offers("echo22")).isFalse();
    }

    @Test
    void should_take_every_other_character_of_a_glob_literally() {
        ToolFilter filter = new ToolFilter(List.of("get.item", "a+b", "x[0]"), List.of());

        assertThat(filter.offers("get.item")).isTrue();
        assertThat(filter.offers("getXitem")).as("a dot is a dot, not any character").isFalse();
        assertThat(filter.offers("a+b")).isTrue();
        assertThat(filter.offers("aab")).isFalse();
        assertThat(filter.offers("x[0]")).isTrue();
        assertThat(filter.offers("x0")).isFalse();
    }
}
