package dev.tandem.aws.documentdb;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** What the DocumentDB tools refuse to send, wherever it hides in a filter or pipeline. */
class QueryGuardTest {

    private final QueryGuard readOnly = new QueryGuard(false);
    private final QueryGuard writable = new QueryGuard(true);

    @Test
    void should_refuse_server_side_javascript_in_a_filter_even_when_writes_are_allowed() {
        Map<String, Object> filter = Map.of("$where", "this.a > 1");

        assertThatThrownBy(() -> writable.check("filter", filter))
                .hasMessage("$where is refused: Tandem never runs JavaScript on the server (in 'filter').");
    }

    @Test
    void should_refuse_a_function_nested_in_a_facet_sub_pipeline() {
        List<Object> pipeline = List.of(Map.of("$match", Map.of("a", 1)),
                Map.of("$facet", Map.of("odd", List.of(Map.of("$match", Map.of("$expr",
                        Map.of("$function", Map.of("body", "return true", "args", List.of(), "lang", "js"))))))));

        assertThatThrownBy(() -> writable.check("pipeline", pipeline)).hasMessageStartingWith("$function is refused");
    }

    @Test
    void should_refuse_an_accumulator_in_a_group_stage() {
        List<Object> pipeline = List.of(Map.of("$group", Map.of("_id", "$k",
                "total", Map.of("$accumulator", Map.of("init", "function() {}")))));

        assertThatThrownBy(() -> writable.check("pipeline", pipeline)).hasMessageStartingWith("$accumulator is refused");
    }

    @Test
    void should_refuse_out_in_read_only_mode_and_name_the_setting_that_allows_it() {
        List<Object> pipeline = List.of(Map.of("$match", Map.of()), Map.of("$out", "copy"));

        assertThatThrownBy(() -> readOnly.check("pipeline", pipeline))
                .hasMessage("$out writes to a collection and Tandem's DocumentDB tools are read-only"
                        + " (TANDEM_DOCUMENTDB_ALLOW_WRITE=true allows it; in 'pipeline').");
    }

    @Test
    void should_refuse_merge_hidden_in_a_lookup_sub_pipeline_in_read_only_mode() {
        List<Object> pipeline = List.of(Map.of("$lookup", Map.of("from", "other",
                "pipeline", List.of(Map.of("$merge", Map.of("into", "target"))), "as", "joined")));

        assertThatThrownBy(() -> readOnly.check("pipeline", pipeline)).hasMessageStartingWith("$merge writes");
    }

    @Test
    void should_let_a_writing_stage_through_when_writes_are_allowed() {
        List<Object> pipeline = List.of(Map.of("$match", Map.of("a", 1)), Map.of("$out", "copy"));

        assertThatCode(() -> writable.check("pipeline", pipeline)).doesNotThrowAnyException();
    }

    @Test
    void should_accept_ordinary_queries_and_values_that_merely_mention_forbidden_words() {
        Map<String, Object> filter = Map.of("note", "$where", "tags", List.of("$out", Map.of("k", "$merge")),
                "n", Map.of("$gt", 3));

        assertThatCode(() -> readOnly.check("filter", filter)).doesNotThrowAnyException();
        assertThatCode(() -> readOnly.check("sort", null)).doesNotThrowAnyException();
    }

    @Test
    void should_look_at_every_element_of_a_list_not_only_the_first() {
        List<Object> pipeline = List.of(Map.of("$match", Map.of()), Map.of("$project", Map.of("a", 1)),
                Map.of("$match", Map.of("$where", "1")));

        assertThatThrownBy(() -> writable.check("pipeline", pipeline)).hasMessageStartingWith("$where is refused");
    }
}
