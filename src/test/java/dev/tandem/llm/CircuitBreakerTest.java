package dev.tandem.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RunningTandem;
import dev.tandem.llm.emulator.EmulatedTandem;
import dev.tandem.llm.emulator.OllamaEmulator;
import dev.tandem.llm.emulator.OpenAiEmulator;
import dev.tandem.llm.emulator.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A provider outage costs one probe per cool-down window; a provider's Retry-After is honoured. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CircuitBreakerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUESTION = "{\"model\": \"tandem\", \"messages\": [{\"role\": \"user\","
            + " \"content\": \"Is it up?\"}], \"tandem\": {\"retrieve\": false}}";

    @RegisterExtension
    static final EmulatedTandem models = EmulatedTandem.withProviderKey("sk-breaker-test").settings(Map.of(
            "tandem.llm.provider.timeout.ms", "1000",
            "tandem.llm.breaker.failures", "2",
            "tandem.llm.breaker.cooldown.ms", "2000")).checkRequestsAfterEach();
    private final OllamaEmulator ollama = models.ollama();
    private final OpenAiEmulator openai = models.openai();
    private RunningTandem tandem;

    @BeforeAll
    void start() {
        tandem = models.tandem();
        ollama.respond(r -> Reply.text("Local answer.").after(Duration.ofMillis(100)));
    }

    @Test
    @Order(1)
    void should_stop_waiting_for_a_hanging_provider_once_its_circuit_opens_and_probe_it_once_per_cool_down()
            throws Exception {
        openai.respond(r -> Reply.text("never in time").after(Duration.ofSeconds(30)));

        assertThat(timedAsk()).isGreaterThanOrEqualTo(1000);
        assertThat(timedAsk()).isGreaterThanOrEqualTo(1000);
        JsonNode whileOpen = ask();
        JsonNode skipped = ask();

        // decided by the open circuit, not by the 1 s deadline
        assertThat(whileOpen.at("/tandem/plan/steps").toString()).contains("circuit_open").doesNotContain("timeout");
        assertThat(openai.requestCount()).isEqualTo(2);
        assertThat(skipped.at("/tandem/plan/steps").toString()).contains("circuit_open");
        assertThat(tandem.getJson("/v1/models/openai/gpt-test").at("/tandem/runtime/circuitState").asText())
                .isEqualTo("open");

        // after the cool-down exactly one probe goes out; it fails, so the circuit opens again
        await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(250))
                .until(() -> { ask(); return openai.requestCount() == 3; });
        ask();
        assertThat(openai.requestCount()).isEqualTo(3);

        openai.respond(r -> Reply.text("Provider is back."));
        await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(250))
                .until(() -> ask().at("/tandem/winner/backend").asText().equals("openai/gpt-test"));
        assertThat(tandem.getJson("/v1/models/openai/gpt-test").at("/tandem/runtime/circuitState").asText())
                .isEqualTo("closed");
    }

    @Test
    @Order(2)
    void should_leave_a_rate_limited_provider_alone_for_its_retry_after() throws Exception {
        openai.reset();
        openai.respond(r -> Reply.error(429, "slow down").withHeader("Retry-After", "2"));
        long limitedAt = System.nanoTime();

        JsonNode first = ask();
        JsonNode second = ask();

        assertThat(first.at("/tandem/plan/steps").toString()).contains("rate_limited");
        assertThat(second.at("/tandem/plan/steps").toString()).contains("circuit_open").contains("Retry-After");
        assertThat(second.at("/choices/0/message/content").asText()).isEqualTo("Local answer.");
        assertThat(openai.requestCount()).isEqualTo(1);

        openai.respond(r -> Reply.text("Provider again."));
        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(200))
                .until(() -> ask().at("/tandem/winner/backend").asText().equals("openai/gpt-test"));
        assertThat((System.nanoTime() - limitedAt) / 1_000_000).isGreaterThanOrEqualTo(1900);
    }

    private JsonNode ask() throws Exception {
        HttpResponse<String> response = tandem.post("/v1/chat/completions", "application/json", QUESTION);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private long timedAsk() throws Exception {
        long started = System.nanoTime();
        ask();
        return (System.nanoTime() - started) / 1_000_000;
    }
}
