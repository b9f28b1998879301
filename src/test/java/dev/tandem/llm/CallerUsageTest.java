package dev.tandem.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.RunningTandem;
import dev.tandem.llm.emulator.EmulatedModels;
import dev.tandem.llm.emulator.OllamaEmulator;
import dev.tandem.llm.emulator.OpenAiEmulator;
import dev.tandem.llm.emulator.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tokens and cost of an answer are counted for the API key that asked, in /observe/metrics, once. */
class CallerUsageTest {

    private static final String CONSOLE = "console-key-abcdef123456";
    private static final String ADMIN = "admin-key-abcdef1234567";

    @TempDir
    Path work;

    @Test
    void should_count_the_tokens_of_each_answer_for_the_key_that_asked() throws Exception {
        try (OllamaEmulator ollama = OllamaEmulator.start();
                RunningTandem tandem = RunningTandem.start(work.resolve("inbox"), work.resolve("data"), Map.of(
                        "tandem.ollama.url", ollama.baseUrl(),
                        "tandem.llm.prices", "ollama/*=1000/2000",
                        "tandem.api.keys", "console,ops",
                        "tandem.api.keys.console.token", CONSOLE,
                        "tandem.api.keys.ops.token", ADMIN,
                        "tandem.api.keys.ops.scopes", "admin"))) {
            tandem.authorizeWith(CONSOLE);
            var answer = tandem.post("/api/ask", "application/json", "{\"question\": \"What is the capital?\"}");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);

            String metrics = tandem.authorizeWith(ADMIN).get("/observe/metrics").body();

            assertThat(metrics).containsPattern("tandem_api_tokens_total\\{direction=\"output\",key=\"console\",?\\}"
                    + " [1-9]").containsPattern("tandem_api_cost_usd_total\\{key=\"console\",?\\} 0\\.0*[1-9]")
                    .doesNotContain(CONSOLE);
        }
    }

    /**
     * Both models run (fuse waits for the two answers): the key is counted the tokens the answer's {@code usage}
     * reports, once, not again for each branch the request ran.
     */
    @Test
    void should_count_an_answer_of_both_models_once() throws Exception {
        try (OllamaEmulator ollama = OllamaEmulator.start();
                OpenAiEmulator openai = OpenAiEmulator.start("sk-caller-usage");
                RunningTandem tandem = RunningTandem.start(work.resolve("inbox"), work.resolve("data"),
                        EmulatedModels.settings(ollama, served(openai, "gpt-test"), Map.of(
                                "tandem.api.keys", "console,ops",
                                "tandem.api.keys.console.token", CONSOLE,
                                "tandem.api.keys.ops.token", ADMIN,
                                "tandem.api.keys.ops.scopes", "admin")))) {
            ollama.respond(r -> Reply.text("Local says: hourly.").withUsage(40, 7));
            openai.respond(r -> Reply.text("Provider says: hourly.").withUsage(1200, 300));
            tandem.authorizeWith(CONSOLE);

            JsonNode answer = ChatCalls.ok(ChatCalls.chat(tandem, Map.of("model", "tandem", "messages",
                    ChatCalls.user("How often?"), "tandem", Map.of("strategy", "fuse", "retrieve", false))));
            String metrics = tandem.authorizeWith(ADMIN).get("/observe/metrics").body();

            long output = answer.at("/usage/completion_tokens").asLong();
            long input = answer.at("/usage/prompt_tokens").asLong();
            assertThat(output).as("both answers' tokens, and the merge's").isGreaterThan(307);
            assertThat(metrics)
                    .contains("tandem_api_tokens_total{direction=\"output\",key=\"console\"} " + output + ".0\n")
                    .contains("tandem_api_tokens_total{direction=\"input\",key=\"console\"} " + input + ".0\n");
        }
    }

    private static OpenAiEmulator served(OpenAiEmulator openai, String model) {
        openai.serve(model);
        return openai;
    }
}
