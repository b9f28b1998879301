package dev.tandem.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import dev.tandem.RunningTandem;
import dev.tandem.llm.emulator.OllamaEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tokens and cost of an answer are counted for the API key that asked, in /observe/metrics. */
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
}
