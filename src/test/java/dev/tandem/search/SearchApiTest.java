package dev.tandem.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RunningTandem;
import dev.tandem.ingest.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** /api/search in its three modes, its errors, and the observe endpoints, over HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    private RunningTandem tandem;

    @BeforeAll
    void start() throws Exception {
        Path inbox = work.resolve("inbox");
        tandem = RunningTandem.start(inbox, work.resolve("data"), Map.of());
        Fixtures.text(inbox.resolve("ferries.md"), "# Ferries\n\nThe harbour ferry leaves every hour for the island.\n");
        Fixtures.text(inbox.resolve("bread.md"), "# Sourdough\n\nBake the loaf in a hot oven after a long rise.\n");
        Fixtures.text(inbox.resolve("stars.md"), "# Astronomy\n\nTelescopes collect light from distant galaxies.\n");
        Fixtures.text(inbox.resolve("payroll.md"), "# Payroll\n\nThe payroll system runs every night on the old"
                + " mainframe.\n");
        Fixtures.text(inbox.resolve("incident.md"), "# Incident\n\nThe gateway logged error QX7R4441 while the"
                + " certificate rotated.\n");
        // near-miss identifiers: to the vector search they look like the one asked for, to BM25 they are other words
        Fixtures.text(inbox.resolve("release-notes.md"), "# Release notes\n\nBuild QX7R4440 fixes the QX7R4442"
                + " crash.\n");
        // every test searches all the files: wait until each one is searchable, not only indexed
        await().atMost(Duration.ofSeconds(60)).until(() -> searchableSources().size() == FILES);
    }

    /** The files a BM25 search for a word of each of them finds. */
    private Set<String> searchableSources() throws Exception {
        return sources(tandem.getJson("/api/search?mode=bm25&k=10&q=ferry+oven+telescopes+payroll+QX7R4441+crash"));
    }

    private static Set<String> sources(JsonNode result) {
        Set<String> sources = new LinkedHashSet<>();
        result.path("hits").forEach(hit -> sources.add(Path.of(hit.get("source").asText()).getFileName().toString()));
        return sources;
    }

    private static final int FILES = 6;

    @AfterAll
    void stop() throws Exception {
        tandem.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hybrid", "bm25", "vector"})
    void should_find_the_relevant_document_in_every_mode(String mode) throws Exception {
        long sent = System.nanoTime();
        JsonNode result = tandem.getJson("/api/search?q=boat+crossing+to+the+island+ferries&k=2&mode=" + mode);
        long waitedMs = Duration.ofNanos(System.nanoTime() - sent).toMillis();

        assertThat(result.get("mode").asText()).isEqualTo(mode);
        assertThat(result.get("query").asText()).isEqualTo("boat crossing to the island ferries");
        // the search's own time, in milliseconds: never more than the caller waited for the whole answer
        assertThat(result.get("took_ms").isIntegralNumber()).isTrue();
        assertThat(result.get("took_ms").asLong()).isBetween(0L, waitedMs);
        assertThat(result.get("hits").size()).isBetween(1, 2);
        JsonNode top = result.get("hits").get(0);
        assertThat(top.get("source").asText()).endsWith("ferries.md");
        assertThat(top.get("title").asText()).isEqualTo("Ferries");
        assertThat(top.get("id").asText()).endsWith("-0");
        assertThat(top.get("score").asDouble()).isPositive();
    }

    @Test
    void should_understand_meaning_in_vector_mode_without_shared_words() throws Exception {
        JsonNode result = tandem.getJson("/api/search?q=cosmos+observatory&k=1&mode=vector");
        assertThat(result.get("hits").get(0).get("source").asText()).endsWith("stars.md");
    }

    @Test
    void should_find_in_hybrid_mode_a_paraphrase_that_only_the_vector_search_finds() throws Exception {
        String query = "q=instruments+for+looking+at+far-away+star+systems";
        assertThat(sources(tandem.getJson("/api/search?mode=bm25&k=10&" + query))).containsExactly("payroll.md");
        assertThat(sources(tandem.getJson("/api/search?mode=vector&k=1&" + query))).containsExactly("stars.md");

        assertThat(sources(tandem.getJson("/api/search?mode=hybrid&k=2&" + query)))
                .containsExactlyInAnyOrder("stars.md", "payroll.md");
    }

    @Test
    void should_rank_first_in_hybrid_mode_an_exact_identifier_that_only_the_keyword_search_finds() throws Exception {
        assertThat(sources(tandem.getJson("/api/search?mode=bm25&k=10&q=QX7R4441"))).containsExactly("incident.md");
        assertThat(sources(tandem.getJson("/api/search?mode=vector&k=1&q=QX7R4441"))).containsExactly(
                "release-notes.md");

        JsonNode top = tandem.getJson("/api/search?mode=hybrid&k=3&q=QX7R4441").get("hits").get(0);

        assertThat(top.get("source").asText()).endsWith("incident.md");
        assertThat(top.get("highlight").asText()).contains("<em>QX7R4441</em>");
    }

    @Test
    void should_score_hybrid_hits_by_reciprocal_rank_fusion_of_the_keyword_and_vector_rankings() throws Exception {
        String query = "q=the+island+ferry+at+night&k=10";
        Map<String, Double> expected = new HashMap<>();
        for (String mode : List.of("bm25", "vector")) {
            JsonNode hits = tandem.getJson("/api/search?mode=" + mode + "&" + query).get("hits");
            for (int rank = 1; rank <= hits.size(); rank++) {
                expected.merge(hits.get(rank - 1).get("id").asText(), 1.0 / (HybridSearch.RRF_K + rank), Double::sum);
            }
        }

        JsonNode hybrid = tandem.getJson("/api/search?mode=hybrid&" + query).get("hits");

        assertThat(hybrid.size()).isEqualTo(expected.size());
        double previous = Double.MAX_VALUE;
        for (JsonNode hit : hybrid) {
            assertThat(hit.get("score").asDouble()).as(hit.get("source").asText())
                    .isCloseTo(expected.get(hit.get("id").asText()), within(1e-9)).isLessThanOrEqualTo(previous);
            previous = hit.get("score").asDouble();
        }
    }

    @Test
    void should_highlight_the_matching_words() throws Exception {
        JsonNode hit = tandem.getJson("/api/search?q=oven&mode=bm25").get("hits").get(0);
        assertThat(hit.get("highlight").asText()).contains("<em>oven</em>");
    }

    @Test
    void should_accept_the_same_search_as_json() throws Exception {
        HttpResponse<String> response = tandem.post("/api/search", "application/json",
                "{\"query\": \"sourdough loaf\", \"mode\": \"bm25\", \"k\": 1}");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode result = JSON.readTree(response.body());
        assertThat(result.get("hits").get(0).get("source").asText()).endsWith("bread.md");
    }

    @Test
    void should_answer_400_with_a_message_for_bad_parameters() throws Exception {
        assertBadRequest(tandem.get("/api/search?q=x&mode=fuzzy"), "Unknown mode 'fuzzy'");
        assertBadRequest(tandem.get("/api/search?mode=bm25"), "Missing query");
        assertThat(JSON.readTree(tandem.get("/api/search?mode=bm25").body()).at("/error/param").asText())
                .isEqualTo("query");
        assertThat(JSON.readTree(tandem.get("/api/search?q=%E2%80%8B").body()).at("/error/param").asText())
                .isEqualTo("query");
        assertBadRequest(tandem.get("/api/search?q=x&k=0"), "'k' is '0'");
        assertBadRequest(tandem.get("/api/search?q=x&k=ten"), "'k' is 'ten'");
        assertBadRequest(tandem.post("/api/search", "application/json", "{not json"), "not valid JSON");
        assertBadRequest(tandem.post("/api/search", "application/json", "[1]"), "must be a JSON object");
        assertBadRequest(tandem.post("/api/search", "application/json", "{\"query\": \"x\", \"k\": \"5\"}"),
                "'k' must be a whole number");
    }

    @Test
    void should_not_echo_request_parameters_as_response_headers() throws Exception {
        HttpResponse<String> response = tandem.get("/api/search?q=ferry%0Aboat&mode=bm25");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("q")).isEmpty();
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void should_report_health_up_with_elasticsearch_and_routes() throws Exception {
        HttpResponse<String> response = tandem.get("/observe/health");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = JSON.readTree(response.body());
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.get("checks").findValuesAsText("name")).contains("elasticsearch", "route:ingest-document",
                "route:search");
    }

    @Test
    void should_expose_ingestion_and_search_metrics_for_prometheus() throws Exception {
        tandem.get("/api/search?q=ferry");
        String metrics = tandem.get("/observe/metrics").body();
        assertThat(metrics).contains("tandem_ingest_documents_total{outcome=\"indexed\"} " + FILES + ".0")
                .contains("tandem_ingest_chunks_total")
                .contains("tandem_search_latency_seconds_count{mode=\"hybrid\"}")
                .containsPattern("camel_exchanges_total\\{[^}]*routeId=\"search\"");
    }

    private static void assertBadRequest(HttpResponse<String> response, String message) throws Exception {
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asText()).contains(message);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.tandem");
    }
}
