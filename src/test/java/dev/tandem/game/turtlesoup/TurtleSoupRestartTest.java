package dev.tandem.game.turtlesoup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RunningTandem;
import dev.tandem.llm.emulator.OllamaEmulator;
import dev.tandem.llm.emulator.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A game played on one Tandem goes on after a restart on the same data dir; the second Tandem has no model
 * reachable, so it also shows what a player meets then: the turns that need no judgement still work, the others
 * say in words that the game needs a model.
 */
class TurtleSoupRestartTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GAMES = "/api/games/turtle-soup/games";

    @TempDir
    Path work;

    @Test
    void should_keep_a_game_across_a_restart_and_say_it_needs_a_model_when_none_answers() throws Exception {
        Path data = work.resolve("data");
        String game;
        try (OllamaEmulator ollama = OllamaEmulator.start();
                RunningTandem first = RunningTandem.start(work.resolve("inbox"), data, Map.of(
                        "tandem.ollama.url", ollama.baseUrl(), "tandem.ollama.model", "llama3.2"))) {
            ollama.respond(r -> Reply.text("{\"answer\": \"yes\", \"confidence\": 0.9}"));
            game = JSON.readTree(first.post(GAMES, "application/json", "{\"puzzle\": \"green-harvest\"}").body())
                    .get("game").asText();
            assertThat(JSON.readTree(first.post(GAMES + "/" + game + "/ask", "application/json",
                    "{\"question\": \"Was the weather about to change?\"}").body()).get("answer").asText())
                    .isEqualTo("yes");
            assertThat(first.post(GAMES + "/" + game + "/hint", "application/json", "").statusCode()).isEqualTo(200);
        }

        try (RunningTandem second = RunningTandem.start(work.resolve("inbox"), data, Map.of(
                "tandem.ollama.url", "http://127.0.0.1:" + unusedPort(), "tandem.provider", "none"))) {
            JsonNode status = second.getJson(GAMES + "/" + game);
            assertThat(status.get("status").asText()).isEqualTo("playing");
            assertThat(status.at("/score/questions").asInt()).isEqualTo(1);
            assertThat(status.get("transcript")).extracting(t -> t.get("kind").asText() + ": " + t.get("reply")
                    .asText()).containsExactly("question: yes", "hint: Frost was coming");

            HttpResponse<String> asked = second.post(GAMES + "/" + game + "/ask", "application/json",
                    "{\"question\": \"Did she want red tomatoes?\"}");
            assertThat(asked.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(asked.body()).at("/error/message").asText())
                    .contains("Turtle soup needs a language model").contains("unreachable")
                    .contains("TANDEM_OLLAMA_URL").doesNotContain("Frost");
            HttpResponse<String> overTools = second.post("/api/tools/turtle_soup_guess", "application/json",
                    "{\"game\": \"" + game + "\", \"solution\": \"Frost.\"}");
            assertThat(overTools.body()).contains("needs a language model");

            assertThat(JSON.readTree(second.post(GAMES + "/" + game + "/hint", "application/json", "").body())
                    .get("hint").asText()).isEqualTo("The frost would have ruined the plants or fruit");
            assertThat(second.getJson(GAMES + "/" + game).at("/score/questions").asInt()).isEqualTo(1);
        }
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
