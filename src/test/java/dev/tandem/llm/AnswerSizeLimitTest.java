package dev.tandem.llm;

import static dev.tandem.llm.ChatCalls.JSON;
import static dev.tandem.llm.ChatCalls.chat;
import static dev.tandem.llm.ChatCalls.ok;
import static dev.tandem.llm.ChatCalls.steps;
import static dev.tandem.llm.ChatCalls.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

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

/**
 * {@code TANDEM_LLM_MAX_ANSWER_CHARS}: an answer longer than the limit is refused, never cut. In tandem the other
 * model answers instead; a backend addressed alone comes back as an error that names the setting.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnswerSizeLimitTest {

    private static final int LIMIT = 1000;
    private static final String PROVIDER_ID = "openai/gpt-test";

    private static final String API_KEY = "sk-size-limit";

    @RegisterExtension
    static final EmulatedTandem models = EmulatedTandem.withProviderKey(API_KEY).settings(Map.of(
            "tandem.llm.provider.timeout.ms", "5000",
            "tandem.llm.max.answer.chars", Integer.toString(LIMIT))).resetBeforeEach().checkRequestsAfterEach();
    private final OllamaEmulator ollama = models.ollama();
    private final OpenAiEmulator openai = models.openai();
    private final RunningTandem tandem = models.tandem();

    @BeforeEach
    void healthyLocal() {
        ollama.respond(r -> Reply.text("Local says: the ferry leaves hourly."));
    }

    @Test
    void should_answer_from_the_local_model_when_the_provider_answer_is_over_the_limit() throws Exception {
        openai.respond(r -> Reply.text(textOf(LIMIT + 1)));

        JsonNode body = ok(chat(tandem, question()));

        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Local says: the ferry leaves hourly.");
        assertThat(body.at("/tandem/winner/backend").asText()).isEqualTo("ollama/llama3.2");
        assertThat(steps(body)).contains("provider:too_large", "local:won");
        assertThat(body.at("/tandem/degraded").toString()).contains("provider_failed");
    }

    @Test
    void should_refuse_an_over_limit_answer_of_a_backend_addressed_alone_rather_than_cut_it() throws Exception {
        String tooLong = textOf(LIMIT + 1);
        openai.respond(r -> Reply.text(tooLong));

        HttpResponse<String> response = chat(tandem, Map.of("model", PROVIDER_ID, "messages", user("Say a lot")));

        assertThat(response.statusCode()).isEqualTo(502);
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("server_error");
        assertThat(error.get("message").asText()).contains(PROVIDER_ID).contains((LIMIT + 1) + " characters")
                .contains("TANDEM_LLM_MAX_ANSWER_CHARS").doesNotContain("Exception");
        assertThat(response.body()).doesNotContain(tooLong.substring(0, 200));
    }

    @Test
    void should_pass_an_answer_of_exactly_the_limit_through_whole() throws Exception {
        String atTheLimit = textOf(LIMIT);
        openai.respond(r -> Reply.text(atTheLimit));

        JsonNode body = ok(chat(tandem, Map.of("model", PROVIDER_ID, "messages", user("Say a lot"))));

        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo(atTheLimit);
    }

    @Test
    void should_end_a_streamed_over_limit_answer_with_an_error_event_and_no_done() throws Exception {
        openai.respond(r -> Reply.text(textOf(LIMIT + 1)));

        HttpResponse<String> response = chat(tandem, Map.of("model", PROVIDER_ID, "stream", true,
                "messages", user("Say a lot")));

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> events = response.body().lines().filter(line -> line.startsWith("data: "))
                .map(line -> line.substring(6)).toList();
        assertThat(events).isNotEmpty().doesNotContain("[DONE]");
        assertThat(JSON.readTree(events.get(events.size() - 1)).at("/error/message").asText())
                .contains("TANDEM_LLM_MAX_ANSWER_CHARS");
        assertThat(response.body()).doesNotContain("\"finish_reason\":\"stop\"");
    }

    private static Map<String, Object> question() {
        return Map.of("model", "tandem", "messages", user("When does the ferry leave?"),
                "tandem", Map.of("retrieve", false));
    }

    /** Words, exactly {@code length} characters, ending in a full stop. */
    private static String textOf(int length) {
        return "ferry ".repeat(length / 6 + 1).substring(0, length - 1) + ".";
    }
}
