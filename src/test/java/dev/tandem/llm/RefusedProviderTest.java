package dev.tandem.llm;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.tandem.llm.emulator.OllamaEmulator;
import dev.tandem.llm.emulator.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A provider nobody listens for: connection refused costs no deadline, the local model answers at once. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefusedProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    private final OllamaEmulator ollama = OllamaEmulator.start();
    private RunningTandem tandem;

    @BeforeAll
    void start() throws Exception {
        ollama.respond(r -> Reply.text("Local answer.").after(Duration.ofMillis(100)));
        tandem = RunningTandem.start(work.resolve("inbox"), work.resolve("data"), Map.of(
                "tandem.provider", "openai",
                "tandem.openai.base.url", "http://127.0.0.1:" + unusedPort() + "/v1",
                "tandem.ollama.url", ollama.baseUrl(),
                "tandem.llm.provider.timeout.ms", "5000"));
    }

    @AfterEach
    void sentOnlyWhatTheConfigurationSays() {
        ollama.violations().assertNone();
    }

    @AfterAll
    void stop() throws Exception {
        tandem.close();
        ollama.close();
    }

    @Test
    void should_answer_from_the_local_model_at_once_when_the_provider_refuses_connections() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = tandem.post("/v1/chat/completions", "application/json",
                "{\"model\": \"tandem\", \"messages\": [{\"role\": \"user\", \"content\": \"Hello?\"}],"
                        + " \"tandem\": {\"retrieve\": false}}");
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Local answer.");
        // decided by the refused connection, not by the provider's 5 s deadline
        assertThat(tookMs).isLessThan(5000);
        assertThat(body.at("/tandem/plan/steps").toString()).contains("\"outcome\":\"unreachable\"")
                .contains("refused the connection");
        assertThat(body.at("/tandem/degraded").toString()).contains("provider_failed");
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
