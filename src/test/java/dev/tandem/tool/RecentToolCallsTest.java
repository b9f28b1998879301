package dev.tandem.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RecentToolCallsTest {

    @Test
    void should_list_the_newest_call_first_with_its_server_outcome_and_duration() {
        RecentToolCalls recent = new RecentToolCalls();

        recent.record(RecentToolCalls.TANDEM, "search_documents", "ok", 12);
        recent.record("files", "read_file", "timeout", 30_000);

        assertThat(calls(recent)).extracting(c -> c.get("tool"), c -> c.get("server"), c -> c.get("outcome"),
                c -> c.get("duration_ms")).containsExactly(tuple("read_file", "files", "timeout", 30_000L),
                        tuple("search_documents", "tandem", "ok", 12L));
    }

    @Test
    void should_keep_only_the_last_fifty_calls() {
        RecentToolCalls recent = new RecentToolCalls();

        for (int i = 0; i < 60; i++) {
            recent.record(RecentToolCalls.TANDEM, "tool-" + i, "ok", i);
        }

        assertThat(calls(recent)).hasSize(50);
        assertThat(calls(recent).get(0).get("tool")).isEqualTo("tool-59");
        assertThat(calls(recent).get(49).get("tool")).isEqualTo("tool-10");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> calls(RecentToolCalls recent) {
        return (List<Map<String, Object>>) recent.report().get("calls");
    }
}
