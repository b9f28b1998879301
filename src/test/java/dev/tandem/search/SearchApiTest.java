package dev.tandem.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
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
        await().atMost(Duration.ofSeconds(60)).until(() -> tandem.ingestStatus().get("indexed").asInt() == 3
                && tandem.getJson("/api/search?mode=bm25&q=ferry").get("hits").size() > 0);
    }

    @AfterAll
    void stop() throws Exception {
        tandem.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hybrid", "bm25", "vector"})
    void should_find_the_relevant_document_in_every_mode(String mode) throws Exception {
        JsonNode result = tandem.getJson("/api/search?q=boat+crossing+to+the+island+ferries&k=2&mode=" + mode);

        assertThat(result.get("mode").asText()).isEqualTo(mode);
        assertThat(result.get("query").asText()).isEqualTo("boat crossing to the island ferries");
        assertThat(result.get("took_ms").asLong()).isGreaterThanOrEqualTo(0);
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
        assertThat(metrics).contains("tandem_ingest_documents_total{outcome=\"indexed\"} 3.0")
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
