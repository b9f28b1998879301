package dev.tandem.llm;

import static dev.tandem.llm.ChatCalls.JSON;
import static dev.tandem.llm.ChatCalls.ok;
import static dev.tandem.llm.ChatCalls.steps;
import static dev.tandem.llm.ChatCalls.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.RunningTandem;
import dev.tandem.config.InvalidSettingException;
import dev.tandem.llm.backend.embedded.ModelPull;
import dev.tandem.llm.backend.embedded.TinyGguf;
import dev.tandem.llm.emulator.EmulatedTandem;
import dev.tandem.llm.emulator.OllamaEmulator;
import dev.tandem.llm.emulator.OpenAiEmulator;
import dev.tandem.llm.emulator.Reply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code TANDEM_LOCAL=embedded}: the tiny GGUF as Tandem's local model beside the emulated OpenAI provider, through
 * {@code /v1/chat/completions} as a client sees it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedInStrategiesTest {

    private static final String LOCAL_ID = "embedded/tiny-llama";
    private static final String PROVIDER_ID = "openai/gpt-test";

    @RegisterExtension
    static final EmulatedTandem models = EmulatedTandem.withProviderKey("sk-embedded-test").settings(Map.of(
            "tandem.local", "embedded",
            "tandem.local.gguf", TinyGguf.inTarget().toAbsolutePath().toString(),
            "tandem.local.context.size", "512", // the strategies' instructions: a few hundred tiny-vocabulary tokens
            "tandem.local.threads", "1"));
    private final OllamaEmulator ollama = models.ollama();
    private final OpenAiEmulator openai = models.openai();
    private final RunningTandem tandem = models.tandem();

    @BeforeEach
    void healthyProvider() {
        openai.reset();
        openai.respond(r -> Reply.text("Provider says: hello.").withUsage(12, 3));
    }

    @Test
    void should_answer_from_the_embedded_model_in_hedge_when_the_provider_fails() throws Exception {
        openai.respond(r -> Reply.error(500, "provider down"));

        JsonNode body = ok(chat(Map.of("model", "tandem", "max_tokens", 9, "messages", user("hello"))));

        assertThat(body.at("/tandem/winner/backend").asText()).isEqualTo(LOCAL_ID);
        assertThat(body.at("/choices/0/message/content").asText()).isNotBlank();
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(body.at("/tandem/usage/" + escape(LOCAL_ID) + "/completion_tokens").asLong()).isEqualTo(9);
        assertThat(body.at("/tandem/usage/" + escape(LOCAL_ID) + "/prompt_tokens").asLong()).isPositive();
        assertThat(ollama.requests()).as("Ollama is not the local model any more").isEmpty();
    }

    @Test
    void should_let_the_provider_win_hedge_within_its_deadline_beside_the_embedded_model() throws Exception {
        JsonNode body = ok(chat(Map.of("model", "tandem", "max_tokens", 200, "messages", user("hello"))));

        assertThat(body.at("/tandem/winner/backend").asText()).isEqualTo(PROVIDER_ID);
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Provider says: hello.");
        assertThat(steps(body)).anyMatch(s -> s.startsWith("local:"));
    }

    @Test
    void should_escalate_local_first_to_the_provider_when_the_embedded_answer_fails_the_check() throws Exception {
        JsonNode body = ok(chat(Map.of("model", "tandem", "max_tokens", 12, "messages", user("hello")),
                "X-Tandem-Strategy", "local-first"));

        assertThat(body.at("/tandem/strategy").asText()).isEqualTo("local-first");
        assertThat(steps(body)).as(body.toString()).contains("local:ok", "check:failed");
        assertThat(body.at("/tandem/winner/backend").asText()).isEqualTo(PROVIDER_ID);
        assertThat(body.at("/tandem/usage/" + escape(LOCAL_ID) + "/completion_tokens").asLong()).isPositive();
    }

    @Test
    void should_stream_the_embedded_model_alone_token_by_token() throws Exception {
        HttpResponse<String> response = chat(Map.of("model", LOCAL_ID, "stream", true, "max_tokens", 6,
                "messages", user("hello")));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> contents = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (line.startsWith("data: {")) {
                JsonNode delta = JSON.readTree(line.substring(6)).at("/choices/0/delta/content");
                if (!delta.isMissingNode() && !delta.asText().isEmpty()) {
                    contents.add(delta.asText());
                }
            }
        }
        assertThat(contents).hasSize(6);
        assertThat(response.body()).contains("\"finish_reason\":\"length\"").endsWith("data: [DONE]\n\n");
    }

    @Test
    void should_describe_the_embedded_model_from_its_gguf() throws Exception {
        JsonNode model = tandem.getJson("/v1/models/" + LOCAL_ID);

        assertThat(model.toString()).contains("\"family\":\"llama\"").contains("\"quantization\":\"F32\"")
                .contains("\"contextWindow\":512");
    }

    @Test
    void should_show_memory_and_speed_in_health_and_metrics() throws Exception {
        ok(chat(Map.of("model", LOCAL_ID, "max_tokens", 5, "messages", user("hello"))));

        String health = tandem.get("/observe/health").body();
        String metrics = tandem.get("/observe/metrics").body();

        assertThat(health).contains("embedded-model").contains("tiny-llama").contains("MB of weights")
                .contains("tokens/s").contains("first token in");
        assertThat(metrics).contains("tandem_embedded_first_token_seconds_count")
                .contains("tandem_embedded_tokens_per_second_count").contains("tandem_embedded_weights_bytes");
    }

    @Test
    void should_refuse_to_start_with_a_truncated_model_naming_the_setting() throws Exception {
        Path cut = models.work().resolve("cut.gguf");
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(TinyGguf.inTarget()), 50_000));

        assertThatThrownBy(() -> RunningTandem.start(models.work().resolve("inbox2"), models.work().resolve("data2"),
                models.settingsWith(Map.of("tandem.local.gguf", cut.toString()))).close())
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("TANDEM_LOCAL_GGUF")
                .hasMessageContaining("truncated");
    }

    @Test
    void should_refuse_to_start_without_a_model_file_saying_how_to_get_one() {
        assertThatThrownBy(() -> RunningTandem.start(models.work().resolve("inbox3"), models.work().resolve("data3"),
                models.settingsWith(Map.of("tandem.local.gguf", ""))).close())
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("TANDEM_LOCAL_GGUF")
                .hasMessageContaining("pull " + ModelPull.SUGGESTED);
    }

    private HttpResponse<String> chat(Map<String, Object> body, String... headers) throws Exception {
        return ChatCalls.chat(tandem, body, headers);
    }

    private static String escape(String id) {
        return id.replace("~", "~0").replace("/", "~1");
    }
}
