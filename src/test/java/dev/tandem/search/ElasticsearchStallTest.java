package dev.tandem.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RunningTandem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An Elasticsearch that stalls (its processes stopped with SIGSTOP): search answers 503 naming Elasticsearch when its
 * timeout decides, and health answers DOWN saying why. A node of its own, since stopping the shared one would stall
 * every other test of this JVM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ElasticsearchStallTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Far below the 30 s a request may otherwise wait, far above the timeouts set here: no race with a busy machine. */
    private static final Duration CLIENT_PATIENCE = Duration.ofSeconds(15);

    // under target/, not a 0700 temporary folder: the node may run as another user, who must enter the folders
    private final Path work = Path.of("target", "test-stall-" + System.nanoTime()).toAbsolutePath();
    private final HttpClient http = HttpClient.newHttpClient();
    private ElasticsearchDevService elasticsearch;
    private RunningTandem tandem;

    @BeforeAll
    void start() throws Exception {
        elasticsearch = new ElasticsearchDevService(Optional.empty(), work.resolve("es"), "256m");
        URI url = elasticsearch.start();
        tandem = RunningTandem.startWithProfile(null, Map.of(
                "tandem.es.url", url.toString(),
                "tandem.es.index", "stall",
                "tandem.inbox", work.resolve("inbox").toString(),
                "tandem.data.dir", work.resolve("data").toString(),
                "tandem.es.search.timeout.ms", "2000",
                "tandem.es.health.timeout.ms", "1000"));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            tandem.close();
        } finally {
            elasticsearch.close();
            try (Stream<Path> paths = Files.walk(work)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void should_answer_search_503_and_health_down_when_elasticsearch_stalls_and_recover_after() throws Exception {
        assertThat(get("/api/search?q=tide").statusCode()).isEqualTo(200);
        assertThat(get("/observe/health").statusCode()).isEqualTo(200);
        List<Long> pids = nodeProcesses();
        signal("-STOP", pids);
        try {
            HttpResponse<String> search = get("/api/search?q=tide");
            assertThat(search.statusCode()).as(search.body()).isEqualTo(503);
            JsonNode error = JSON.readTree(search.body()).get("error");
            assertThat(error.get("code").asText()).isEqualTo("search_unavailable");
            assertThat(error.get("message").asText()).contains("Elasticsearch did not answer in time")
                    .contains("TANDEM_ES_SEARCH_TIMEOUT_MS");

            HttpResponse<String> health = get("/observe/health");
            assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
            JsonNode body = JSON.readTree(health.body());
            assertThat(body.get("status").asText()).isEqualTo("DOWN");
            JsonNode check = elasticsearchCheck(body);
            assertThat(check.get("status").asText()).isEqualTo("DOWN");
            assertThat(check.get("message").asText()).isEqualTo(
                    "Elasticsearch did not answer within 1000 ms (TANDEM_ES_HEALTH_TIMEOUT_MS)");
        } finally {
            signal("-CONT", pids);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/api/search?q=tide").statusCode() == 200
                && get("/observe/health").statusCode() == 200);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(tandem.baseUrl() + path)).timeout(CLIENT_PATIENCE).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode elasticsearchCheck(JsonNode health) {
        for (JsonNode check : health.get("checks")) {
            if (check.get("name").asText().equals("elasticsearch")) {
                return check;
            }
        }
        throw new AssertionError("no elasticsearch check in " + health);
    }

    /** The process the dev service started (its pid file's first line) and every process under it. */
    private List<Long> nodeProcesses() throws IOException {
        long root = Long.parseLong(Files.readAllLines(work.resolve("es/elasticsearch/elasticsearch.pid")).get(0).strip());
        List<Long> pids = new ArrayList<>();
        pids.add(root);
        ProcessHandle.of(root).orElseThrow().descendants().forEach(p -> pids.add(p.pid()));
        return pids;
    }

    private static void signal(String signal, List<Long> pids) throws Exception {
        List<String> command = new ArrayList<>(List.of("kill", signal));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        Process kill = new ProcessBuilder(command).inheritIO().start();
        assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }
}
