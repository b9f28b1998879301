package dev.tandem.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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

/** A fresh machine: no Ollama listening, no provider configured. Tandem starts and still helps. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoModelTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    private RunningTandem tandem;

    @BeforeAll
    void start() throws Exception {
        Path inbox = work.resolve("inbox");
        tandem = RunningTandem.start(inbox, work.resolve("data"), Map.of(
                "tandem.ollama.url", "http://127.0.0.1:" + unusedPort()));
        Fixtures.text(inbox.resolve("tides.md"), "# Tides\n\nHigh tide at the harbour is at 06:40 on Sundays.\n");
        await().atMost(Duration.ofSeconds(60)).until(() -> tandem.ingestStatus().get("indexed").asInt() == 1
                && tandem.getJson("/api/search?mode=bm25&q=tide").get("hits").size() == 1);
    }

    @AfterAll
    void stop() throws Exception {
        tandem.close();
    }

    @Test
    void should_answer_ask_with_the_passages_and_say_how_to_configure_a_model() throws Exception {
        HttpResponse<String> response = tandem.post("/api/ask", "application/json",
                "{\"question\": \"When is high tide at the harbour?\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("extractive").asBoolean()).isTrue();
        assertThat(body.get("answer").asText()).contains("No language model is reachable")
                .contains("refused the connection").contains("TANDEM_OLLAMA_URL").contains("TANDEM_PROVIDER");
        assertThat(body.at("/citations/0/text").asText()).contains("06:40");
    }

    @Test
    void should_answer_chat_completions_with_503_and_the_passages() throws Exception {
        HttpResponse<String> response = tandem.post("/v1/chat/completions", "application/json",
                "{\"model\": \"tandem\", \"messages\": [{\"role\": \"user\", \"content\": \"High tide at the harbour?\"}]}");

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.at("/error/code").asText()).isEqualTo("backend_unavailable");
        assertThat(body.at("/tandem/extractive_answer").asText()).contains("06:40");
        assertThat(body.at("/tandem/degraded").toString()).contains("no_provider");
    }

    @Test
    void should_still_describe_the_local_model_from_configuration() throws Exception {
        JsonNode model = tandem.getJson("/v1/models/ollama/llama3.2");

        assertThat(model.at("/tandem/identification/model").asText()).isEqualTo("llama3.2");
        assertThat(model.at("/tandem/tokenizer/source").asText()).isEqualTo("configuration");
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
