package dev.tandem.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.tandem.llm.ChatCalls.JSON;
import static dev.tandem.llm.ChatCalls.chatCalls;
import static dev.tandem.llm.ChatCalls.ok;
import static dev.tandem.llm.ChatCalls.steps;
import static dev.tandem.llm.ChatCalls.user;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.RunningTandem;
import dev.tandem.ingest.Fixtures;
import dev.tandem.llm.emulator.EmulatedRequest;
import dev.tandem.llm.emulator.EmulatedTandem;
import dev.tandem.llm.emulator.OllamaEmulator;
import dev.tandem.llm.emulator.OpenAiEmulator;
import dev.tandem.llm.emulator.Reply;
import dev.tandem.llm.emulator.WordOverlapMinion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The minions strategy over HTTP: four retrieved documents, one that answers the question, one that half does and
 * two that only share a word with it. The local model is {@link WordOverlapMinion}; pieces are small enough that each
 * document is read in a call of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MinionsTest {

    private static final String PROVIDER_ID = "openai/gpt-test";
    private static final String READ_USAGE = "ollama/llama3.2 (read)";
    private static final String QUESTION = "When does the harbour ferry leave for the island?";

    @RegisterExtension
    static final EmulatedTandem models = EmulatedTandem.withProviderKey("sk-minions-test").settings(Map.of(
            "tandem.minions.min.context.tokens", "20",
            "tandem.minions.piece.tokens", "40")).resetBeforeEach().checkRequestsAfterEach();
    private final OllamaEmulator ollama = models.ollama();
    private final OpenAiEmulator openai = models.openai();
    private RunningTandem tandem;

    @BeforeAll
    void start() throws Exception {
        tandem = models.tandem();
        Path inbox = models.inbox();
        Fixtures.text(inbox.resolve("ferries.md"), "# Ferries\n\nThe harbour ferry to the island leaves every hour"
                + " from pier 4. Tickets are sold on board.\n");
        Fixtures.text(inbox.resolve("timetable.md"), "# Timetable\n\nOn Sundays the harbour ferry runs every two"
                + " hours. The last crossing is at 22:00.\n");
        Fixtures.text(inbox.resolve("birds.md"), "# Birds\n\nPuffins nest on the cliffs of the island in spring."
                + " Their chicks fledge in August.\n");
        Fixtures.text(inbox.resolve("history.md"), "# History\n\nThe harbour was dredged in 1870 to let larger"
                + " ships in. A lighthouse stands at its mouth.\n");
        // indexed is not yet searchable: wait until a search finds all four
        await().atMost(Duration.ofSeconds(60)).until(() -> tandem.ingestStatus().get("indexed").asInt() == 4
                && tandem.getJson("/api/search?mode=bm25&q=harbour+island").get("hits").size() == 4);
    }

    @BeforeEach
    void healthyBackends() {
        ollama.respond(r -> WordOverlapMinion.asked(r) ? WordOverlapMinion.reply(r) : Reply.text("Local says hourly."));
        openai.respond(r -> Reply.text("The ferry leaves every hour from pier 4 [1].").withUsage(30, 12));
    }

    @Test
    void should_send_the_provider_the_extracts_and_not_the_distractors() throws Exception {
        JsonNode body = ok(tandem.post("/api/ask", "application/json",
                JSON.writeValueAsString(Map.of("question", QUESTION, "strategy", "minions"))));

        assertThat(body.get("answer").asText()).contains("pier 4");
        String sentToProvider = onlyProviderRequest();
        assertThat(sentToProvider).contains("The harbour ferry to the island leaves every hour from pier 4.")
                .contains("On Sundays the harbour ferry runs every two hours.")
                .doesNotContain("Puffins").doesNotContain("dredged").doesNotContain("Tickets are sold")
                .doesNotContain("22:00");
        JsonNode meta = body.get("tandem");
        assertThat(meta.get("strategy").asText()).isEqualTo("minions");
        assertThat(steps(body)).contains("read:ok", "extract:ok", "provider:won").doesNotContain("extract:passed_whole");
        assertThat(extractionRequests()).hasSize(4);
        assertThat(meta.at("/usage/" + escape(READ_USAGE) + "/prompt_eval_count").asLong())
                .isEqualTo(extractionRequests().stream().mapToLong(r -> WordOverlapMinion.reply(r).inputTokens()).sum());
        assertThat(meta.at("/usage/" + escape(PROVIDER_ID) + "/prompt_tokens").asLong()).isEqualTo(30);
    }

    static Stream<Arguments> failuresOnOnePiece() {
        Function<EmulatedRequest, Reply> misquote = r -> Reply.text("{\"extracts\": [{\"source\": "
                + sourceNumber(r.lastUserText()) + ", \"quote\": \"Ferries run all night.\"}]}");
        return Stream.of(
                Arguments.of((Function<EmulatedRequest, Reply>) r -> Reply.text("It runs every two hours on Sundays."),
                        "not JSON"),
                Arguments.of(misquote, "not a quote"),
                Arguments.of((Function<EmulatedRequest, Reply>) r -> Reply.error(500, "model runner crashed"), "500"));
    }

    private static int sourceNumber(String extractionPrompt) {
        Matcher source = Pattern.compile("\\n\\[(\\d+)] ").matcher(extractionPrompt);
        assertThat(source.find()).isTrue();
        return Integer.parseInt(source.group(1));
    }

    @ParameterizedTest
    @MethodSource("failuresOnOnePiece")
    void should_pass_a_piece_whole_to_the_provider_when_the_local_model_fails_on_it(
            Function<EmulatedRequest, Reply> failure, String why)
            throws Exception {
        ollama.respond(r -> !WordOverlapMinion.asked(r) ? Reply.text("Local says hourly.")
                : r.lastUserText().contains("Sundays") ? failure.apply(r) : WordOverlapMinion.reply(r));

        JsonNode body = ok(ChatCalls.chat(tandem, Map.of("model", "tandem", "messages", user(QUESTION),
                "tandem", Map.of("strategy", "minions"))));

        String sentToProvider = onlyProviderRequest();
        assertThat(sentToProvider).contains("On Sundays the harbour ferry runs every two hours.")
                .contains("The last crossing is at 22:00.").contains("from pier 4.")
                .doesNotContain("Puffins").doesNotContain("Tickets are sold");
        JsonNode meta = body.get("tandem");
        assertThat(steps(body)).contains("extract:passed_whole", "provider:won");
        assertThat(meta.at("/plan/steps").findValuesAsText("detail")).anySatisfy(detail -> assertThat(detail)
                .contains("passed on whole").containsIgnoringCase(why));
        long localTokens = meta.at("/usage/" + escape(READ_USAGE) + "/prompt_eval_count").asLong();
        assertThat(localTokens).isPositive();
        assertThat(body.at("/usage/prompt_tokens").asLong()).isEqualTo(30 + localTokens);
    }

    @Test
    void should_let_the_local_model_answer_from_the_extracts_when_the_provider_fails() throws Exception {
        openai.respond(r -> Reply.error(500, "provider down"));

        JsonNode body = ok(tandem.post("/api/ask", "application/json",
                JSON.writeValueAsString(Map.of("question", QUESTION, "strategy", "minions"))));

        assertThat(body.get("answer").asText()).isEqualTo("Local says hourly.");
        assertThat(body.at("/tandem/degraded").toString()).contains("provider_failed");
        List<EmulatedRequest> answering = chatCalls(ollama.requests()).stream()
                .filter(r -> !WordOverlapMinion.asked(r)).toList();
        assertThat(answering).singleElement().satisfies(r -> assertThat(r.body().toString()).contains("from pier 4.")
                .doesNotContain("Puffins").doesNotContain("dredged"));
    }

    @Test
    void should_answer_with_the_default_strategy_and_say_so_when_the_context_is_short() throws Exception {
        JsonNode body = ok(ChatCalls.chat(tandem, Map.of("model", "tandem", "messages", user(QUESTION),
                "tandem", Map.of("strategy", "minions", "retrieve", false))));

        JsonNode meta = body.get("tandem");
        assertThat(meta.get("strategy").asText()).isEqualTo("hedge");
        assertThat(steps(body)).contains("read:skipped", "provider:won");
        assertThat(meta.at("/plan/steps").findValuesAsText("detail")).anySatisfy(detail -> assertThat(detail)
                .contains("below the minions threshold").contains("hedge"));
        assertThat(extractionRequests()).isEmpty();
    }

    @Test
    void should_refuse_an_unknown_strategy_naming_minions_among_the_choices() throws Exception {
        HttpResponse<String> response = ChatCalls.chat(tandem, Map.of("model", "tandem", "messages", user(QUESTION),
                "tandem", Map.of("strategy", "minion")));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Unknown strategy 'minion'").contains("minions");
    }

    private List<EmulatedRequest> extractionRequests() {
        return ollama.requests().stream().filter(WordOverlapMinion::asked).toList();
    }

    private String onlyProviderRequest() {
        assertThat(openai.requests()).hasSize(1);
        return openai.requests().get(0).body().toString();
    }

    private static String escape(String id) {
        return id.replace("~", "~0").replace("/", "~1");
    }
}
