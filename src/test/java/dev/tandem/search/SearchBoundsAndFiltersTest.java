package dev.tandem.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RunningTandem;
import dev.tandem.ingest.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** How many hits a search gives ({@code k}: 1 to 100, default 10) and the filters of {@code search_documents}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchBoundsAndFiltersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WALLABIES = 11;

    @TempDir
    static Path work;
    private Path inbox;
    private RunningTandem tandem;

    @BeforeAll
    void start() throws Exception {
        inbox = work.resolve("inbox");
        tandem = RunningTandem.start(inbox, work.resolve("data"), Map.of());
        for (int i = 0; i < WALLABIES; i++) {
            Fixtures.text(inbox.resolve("wallaby-" + i + ".md"), "# Wallaby " + i + "\n\nThe marsupial number " + i
                    + " hops through the scrub.\n");
        }
        Fixtures.text(inbox.resolve("notes").resolve("koala.md"), "# Koala\n\nThe marsupial koala sleeps in a gum tree.\n");
        await().atMost(Duration.ofSeconds(90)).until(() -> tandem.ingestStatus().get("indexed").asInt() == WALLABIES + 1
                && hits("/api/search?mode=bm25&k=100&q=marsupial").size() == WALLABIES + 1);
    }

    @AfterAll
    void stop() throws Exception {
        tandem.close();
    }

    @Test
    void should_return_ten_hits_by_default_and_as_many_as_k_asks_up_to_a_hundred() throws Exception {
        assertThat(hits("/api/search?mode=bm25&q=marsupial")).hasSize(10);
        assertThat(hits("/api/search?q=marsupial")).hasSize(10);
        assertThat(hits("/api/search?mode=bm25&k=1&q=marsupial")).hasSize(1);
        assertThat(hits("/api/search?mode=bm25&k=11&q=marsupial")).hasSize(11);
        assertThat(hits("/api/search?mode=bm25&k=100&q=marsupial")).hasSize(WALLABIES + 1);
        assertThat(JSON.readTree(tandem.post("/api/search", "application/json",
                "{\"query\": \"marsupial\", \"mode\": \"bm25\"}").body()).get("hits")).hasSize(10);
    }

    @Test
    void should_read_a_json_body_that_came_typed_as_a_form() throws Exception {
        // curl -d '{"query": ...}' without -H 'Content-Type: application/json' sends it as a form
        HttpResponse<String> answer = tandem.post("/api/search", "application/x-www-form-urlencoded",
                "{\"query\": \"marsupial\", \"mode\": \"bm25\", \"k\": 3}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).get("hits")).hasSize(3);
    }

    @Test
    void should_refuse_k_below_one_or_above_a_hundred_in_the_openai_error_shape() throws Exception {
        assertOutOfBounds(tandem.get("/api/search?q=marsupial&k=0"));
        assertOutOfBounds(tandem.get("/api/search?q=marsupial&k=101"));
        assertOutOfBounds(tandem.post("/api/search", "application/json", "{\"query\": \"marsupial\", \"k\": 101}"));
        assertOutOfBounds(tandem.post("/api/search", "application/json", "{\"query\": \"marsupial\", \"k\": 0}"));
        assertThat(hits("/api/search?mode=bm25&k=100&q=marsupial")).isNotEmpty();
    }

    @Test
    void should_keep_only_passages_whose_source_contains_the_filter() throws Exception {
        List<JsonNode> hits = toolHits("{\"query\": \"marsupial\", \"mode\": \"bm25\", \"k\": 5,"
                + " \"filters\": {\"source_contains\": \"/notes/\"}}");

        assertThat(hits).extracting(h -> h.get("source").asText())
                .containsExactly(inbox.resolve("notes").resolve("koala.md").toString());
    }

    @Test
    void should_keep_only_passages_whose_title_contains_the_filter_in_any_case() throws Exception {
        assertThat(toolHits("{\"query\": \"marsupial\", \"mode\": \"bm25\", \"filters\": {\"title_contains\": \"KOALA\"}}"))
                .extracting(h -> h.get("title").asText()).containsExactly("Koala");
        assertThat(toolHits("{\"query\": \"marsupial\", \"mode\": \"bm25\", \"k\": 3,"
                + " \"filters\": {\"title_contains\": \"wallaby\"}}"))
                .hasSize(3).allSatisfy(h -> assertThat(h.get("title").asText()).startsWith("Wallaby"));
        assertThat(toolHits("{\"query\": \"marsupial\", \"filters\": {\"title_contains\": \"wombat\"}}")).isEmpty();
    }

    @Test
    void should_apply_both_filters_together() throws Exception {
        assertThat(toolHits("{\"query\": \"marsupial\", \"mode\": \"bm25\", \"filters\":"
                + " {\"source_contains\": \"wallaby-\", \"title_contains\": \"koala\"}}")).isEmpty();
        assertThat(toolHits("{\"query\": \"marsupial\", \"mode\": \"bm25\", \"filters\":"
                + " {\"source_contains\": \"wallaby-7\", \"title_contains\": \"wallaby\"}}"))
                .extracting(h -> h.get("title").asText()).containsExactly("Wallaby 7");
    }

    private List<JsonNode> hits(String pathAndQuery) throws Exception {
        HttpResponse<String> response = tandem.get(pathAndQuery);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return list(JSON.readTree(response.body()).get("hits"));
    }

    private List<JsonNode> toolHits(String arguments) throws Exception {
        HttpResponse<String> response = tandem.post("/api/tools/search_documents", "application/json", arguments);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return list(JSON.readTree(response.body()).get("hits"));
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list;
    }

    private static void assertOutOfBounds(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asText()).contains("from 1 to 100");
        assertThat(error.has("code")).isTrue();
    }
}
