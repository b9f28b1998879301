package dev.tandem.llm;

import static dev.tandem.llm.ChatCalls.chat;
import static dev.tandem.llm.ChatCalls.chatCalls;
import static dev.tandem.llm.ChatCalls.counter;
import static dev.tandem.llm.ChatCalls.ok;
import static dev.tandem.llm.ChatCalls.steps;
import static dev.tandem.llm.ChatCalls.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.RunningTandem;
import dev.tandem.llm.emulator.EmulatedTandem;
import dev.tandem.llm.emulator.OllamaEmulator;
import dev.tandem.llm.emulator.OpenAiEmulator;
import dev.tandem.llm.emulator.Reply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The two strategies that call one model and the other only when needed, over {@code /v1/chat/completions}:
 * {@code provider-first} leaves the local model alone while the provider answers; {@code local-first} calls the
 * provider only when the local answer fails the check, and counts its decisions in
 * {@code tandem_llm_local_first_total{decision}}. Which backend was called is read on the emulators.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OneModelAtATimeTest {

    private static final String LOCAL_ID = "ollama/llama3.2";
    private static final String PROVIDER_ID = "openai/gpt-test";
    private static final String LOCAL_FIRST_METRIC = "tandem_llm_local_first_total";

    private static final String API_KEY = "sk-one-at-a-time";

    @RegisterExtension
    static final EmulatedTandem models = EmulatedTandem.withProviderKey(API_KEY).settings(Map.of(
            "tandem.llm.provider.timeout.ms", "1000",
            "tandem.llm.local.timeout.ms", "5000",
            "tandem.llm.local.first.min.confidence.pct", "70")).resetBeforeEach().checkRequestsAfterEach();
    private final OllamaEmulator ollama = models.ollama();
    private final OpenAiEmulator openai = models.openai();
    private final RunningTandem tandem = models.tandem();

    @BeforeEach
    void healthyBackends() {
        ollama.respond(r -> Reply.text("Local says: the ferry leaves hourly."));
        openai.respond(r -> Reply.text("Provider says: the ferry leaves every hour."));
    }

    // --- provider-first

    @Test
    void should_not_call_the_local_model_while_the_provider_answers_in_provider_first() throws Exception {
        HttpResponse<String> response = chat(tandem, question("provider-first"));

        JsonNode body = ok(response);
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Provider says: the ferry leaves every hour.");
        assertThat(response.headers().firstValue("X-Tandem-Strategy")).contains("provider-first");
        assertThat(response.headers().firstValue("X-Tandem-Winner")).contains(PROVIDER_ID);
        assertThat(chatCalls(openai.requests())).hasSize(1);
        assertThat(chatCalls(ollama.requests())).isEmpty();
    }

    @Test
    void should_take_provider_first_from_the_x_tandem_strategy_header() throws Exception {
        HttpResponse<String> response = chat(tandem, Map.of("model", "tandem",
                "messages", user("When does the ferry leave?"), "tandem", Map.of("retrieve", false)),
                "X-Tandem-Strategy", "provider-first");

        ok(response);
        assertThat(response.headers().firstValue("X-Tandem-Strategy")).contains("provider-first");
        assertThat(chatCalls(openai.requests())).hasSize(1);
        assertThat(chatCalls(ollama.requests())).isEmpty();
    }

    @Test
    void should_call_the_local_model_only_after_the_provider_failed_in_provider_first() throws Exception {
        openai.respond(r -> Reply.error(503, "overloaded"));

        JsonNode body = ok(chat(tandem, question("provider-first")));

        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Local says: the ferry leaves hourly.");
        assertThat(body.at("/tandem/winner/backend").asText()).isEqualTo(LOCAL_ID);
        assertThat(steps(body)).containsSubsequence("provider:server_error", "local:won");
        assertThat(chatCalls(ollama.requests())).hasSize(1);
        JsonNode provider = step(body, "provider");
        assertThat(step(body, "local").get("start_ms").asLong())
                .isGreaterThanOrEqualTo(provider.get("start_ms").asLong() + provider.get("duration_ms").asLong());
    }

    @Test
    void should_call_the_local_model_after_the_provider_missed_its_deadline_in_provider_first() throws Exception {
        openai.respond(r -> Reply.text("too late").after(Duration.ofSeconds(4)));

        JsonNode body = ok(chat(tandem, question("provider-first")));

        assertThat(body.at("/tandem/winner/backend").asText()).isEqualTo(LOCAL_ID);
        assertThat(steps(body)).containsSubsequence("provider:timeout", "local:won");
        assertThat(chatCalls(ollama.requests())).hasSize(1);
    }

    // --- local-first

    static Stream<Arguments> answersThatFailTheCheck() {
        return Stream.of(
                Arguments.of("the model says the question is too hard", Reply.text("ESCALATE")),
                Arguments.of("a refusal", Reply.text("I'm sorry, but I can't help with that.\nConfidence: 0.9")),
                Arguments.of("low confidence", Reply.text("Maybe at noon?\nConfidence: 0.3")),
                Arguments.of("cut off by the token limit", Reply.text("The ferry leaves at").withFinishReason("length")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answersThatFailTheCheck")
    void should_escalate_to_the_provider_in_local_first_when_the_local_answer_fails_the_check(String why,
            Reply localAnswer) throws Exception {
        ollama.respond(r -> localAnswer);
        double escalatedBefore = counter(tandem, LOCAL_FIRST_METRIC, "decision", "escalated");

        JsonNode body = ok(chat(tandem, question("local-first")));

        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Provider says: the ferry leaves every hour.");
        assertThat(body.at("/tandem/winner/backend").asText()).isEqualTo(PROVIDER_ID);
        assertThat(steps(body)).containsSubsequence("check:failed", "provider:won");
        assertThat(chatCalls(ollama.requests())).hasSize(1);
        assertThat(chatCalls(openai.requests())).hasSize(1);
        assertThat(counter(tandem, LOCAL_FIRST_METRIC, "decision", "escalated")).isEqualTo(escalatedBefore + 1);
    }

    @Test
    void should_not_call_the_provider_in_local_first_for_a_confident_local_answer() throws Exception {
        ollama.respond(r -> Reply.text("The ferry leaves every hour.\nConfidence: 0.95"));
        double skippedBefore = counter(tandem, LOCAL_FIRST_METRIC, "decision", "provider_skipped");

        JsonNode body = ok(chat(tandem, question("local-first")));

        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("The ferry leaves every hour.");
        assertThat(steps(body)).contains("check:passed", "local:won");
        assertThat(chatCalls(openai.requests())).isEmpty();
        assertThat(counter(tandem, LOCAL_FIRST_METRIC, "decision", "provider_skipped")).isEqualTo(skippedBefore + 1);
    }

    private static Map<String, Object> question(String strategy) {
        return Map.of("model", "tandem", "messages", user("When does the ferry leave?"),
                "tandem", Map.of("strategy", strategy, "retrieve", false));
    }

    private static JsonNode step(JsonNode body, String name) {
        for (JsonNode s : body.at("/tandem/plan/steps")) {
            if (name.equals(s.get("name").asText())) {
                return s;
            }
        }
        throw new AssertionError("No step '" + name + "' in " + body.at("/tandem/plan"));
    }
}
