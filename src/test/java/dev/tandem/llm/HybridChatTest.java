package dev.tandem.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RunningTandem;
import dev.tandem.ingest.Fixtures;
import dev.tandem.llm.emulator.EmulatedTandem;
import dev.tandem.llm.emulator.OllamaEmulator;
import dev.tandem.llm.emulator.OpenAiEmulator;
import dev.tandem.llm.emulator.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The hybrid flow over HTTP, against the Ollama and OpenAI-compatible emulators: each strategy and each failure a
 * gateway meets, as a client of {@code /v1/chat/completions} and {@code /api/ask} sees it. Circuit breakers are
 * set out of reach here (see {@link CircuitBreakerTest}), so tests do not trip each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HybridChatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROVIDER_ID = "openai/gpt-test";
    private static final String LOCAL_ID = "ollama/llama3.2";

    @RegisterExtension
    static final EmulatedTandem models = EmulatedTandem.withProviderKey("sk-hybrid-test").settings(Map.of(
            "tandem.llm.provider.timeout.ms", "1000",
            "tandem.llm.local.timeout.ms", "3000",
            "tandem.llm.first.token.timeout.ms", "400",
            "tandem.llm.prices", "ollama/*=0/0;openai/gpt-test=1/2")).resetBeforeEach().checkRequestsAfterEach();
    private final OllamaEmulator ollama = models.ollama();
    private final OpenAiEmulator openai = models.openai();
    private RunningTandem tandem;

    @BeforeAll
    void start() throws Exception {
        tandem = models.tandem();
        Path inbox = models.inbox();
        Fixtures.text(inbox.resolve("ferries.md"),
                "# Ferries\n\nThe harbour ferry to the island leaves every hour from pier 4.\n");
        await().atMost(Duration.ofSeconds(60)).until(() -> tandem.ingestStatus().get("indexed").asInt() == 1
                && tandem.getJson("/api/search?mode=bm25&q=ferry").get("hits").size() == 1);
    }

    @BeforeEach
    void healthyBackends() {
        ollama.respond(r -> Reply.text("Local says: the ferry leaves hourly.").after(Duration.ofMillis(150)));
        openai.respond(r -> Reply.text("Provider says: the ferry leaves every hour [1].").withUsage(42, 9));
    }

    @Test
    void should_answer_openai_style_with_the_plan_usage_and_cost_when_both_are_healthy() throws Exception {
        HttpResponse<String> response = chat(Map.of("model", "tandem", "messages", user("When does the ferry leave?")));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.get("id").asText()).startsWith("chatcmpl-");
        assertThat(body.at("/choices/0/message/role").asText()).isEqualTo("assistant");
        assertThat(body.at("/choices/0/message/content").asText()).startsWith("Provider says");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(body.at("/usage/prompt_tokens").asLong()).isGreaterThanOrEqualTo(42);
        JsonNode tandemMeta = body.get("tandem");
        assertThat(tandemMeta.get("strategy").asText()).isEqualTo("hedge");
        assertThat(tandemMeta.at("/winner/backend").asText()).isEqualTo(PROVIDER_ID);
        assertThat(tandemMeta.at("/winner/reason").asText()).contains("within its deadline");
        assertThat(tandemMeta.at("/usage/" + escape(PROVIDER_ID) + "/prompt_tokens").asLong()).isEqualTo(42);
        assertThat(tandemMeta.at("/usage/" + escape(PROVIDER_ID) + "/completion_tokens").asLong()).isEqualTo(9);
        assertThat(tandemMeta.at("/cost_usd/by_backend/" + escape(PROVIDER_ID)).asDouble())
                .isEqualTo((42 * 1 + 9 * 2) / 1_000_000.0);
        assertThat(steps(tandemMeta)).contains("retrieve:ok", "provider:won");
        assertThat(tandemMeta.get("degraded")).isEmpty();
        assertThat(response.headers().firstValue("X-Tandem-Winner")).contains(PROVIDER_ID);
        assertThat(response.headers().firstValue("X-Tandem-Strategy")).contains("hedge");
        assertThat(response.headers().firstValue("X-Tandem-Degraded")).contains("none");
    }

    @Test
    void should_ground_the_question_in_the_documents_and_cite_them() throws Exception {
        HttpResponse<String> response = tandem.post("/api/ask", "application/json",
                "{\"question\": \"When does the harbour ferry leave?\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("answer").asText()).contains("[1]");
        assertThat(body.at("/citations/0/source").asText()).endsWith("ferries.md");
        assertThat(body.at("/citations/0/title").asText()).isEqualTo("Ferries");
        String sentToProvider = openai.requests().get(0).body().toString();
        assertThat(sentToProvider).contains("pier 4").contains("[1]");
    }

    @Test
    void should_skip_document_context_when_the_request_opts_out() throws Exception {
        HttpResponse<String> response = chat(Map.of("model", "tandem", "messages", user("When does the ferry leave?"),
                "tandem", Map.of("retrieve", false)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(openai.requests().get(0).body().toString()).doesNotContain("pier 4");
        assertThat(steps(JSON.readTree(response.body()).get("tandem"))).contains("retrieve:skipped");
    }

    @Test
    void should_answer_a_question_without_searchable_words_without_calling_the_search_down() throws Exception {
        // a zero-width space and a control character: the search has nothing to match, the models still answer
        JsonNode body = ok(chat(Map.of("model", "tandem", "messages", user("\u200b\u0007"))));

        assertThat(steps(body.get("tandem"))).contains("retrieve:skipped");
        assertThat(body.at("/tandem/plan/steps/0/detail").asText()).isEqualTo("the question has no words to search for");
        assertThat(body.get("tandem").get("degraded")).isEmpty();
    }

    @Test
    void should_return_the_local_answer_at_once_when_the_provider_fails_with_a_server_error() throws Exception {
        openai.respond(r -> Reply.error(503, "overloaded"));

        JsonNode body = ok(chat(Map.of("model", "tandem", "messages", user("When does the ferry leave?"))));

        // decided by the provider's error, not by waiting out its deadline
        assertThat(steps(body.get("tandem"))).doesNotContain("provider:timeout");
        assertThat(body.at("/choices/0/message/content").asText()).startsWith("Local says");
        assertThat(body.at("/tandem/winner/backend").asText()).isEqualTo(LOCAL_ID);
        assertThat(body.at("/tandem/degraded").toString()).contains("provider_failed");
        assertThat(steps(body.get("tandem"))).contains("provider:server_error", "local:won");
    }

    @Test
    void should_return_the_local_answer_when_the_provider_sends_no_byte_before_its_deadline() throws Exception {
        openai.respond(r -> Reply.text("too late").after(Duration.ofSeconds(5)));

        long started = System.nanoTime();
        JsonNode body = ok(chat(Map.of("model", "tandem", "messages", user("When does the ferry leave?"))));

        // decided by the provider's 1 s deadline: not before it, and not by the answer that comes after 5 s
        assertThat(millisSince(started)).isBetween(900L, 4999L);
        assertThat(body.at("/tandem/winner/backend").asText()).isEqualTo(LOCAL_ID);
        assertThat(steps(body.get("tandem"))).contains("provider:timeout");
    }

    @Test
    void should_abandon_a_stream_whose_first_token_is_late() throws Exception {
        openai.respond(r -> Reply.text("slow first token").withFirstTokenAfter(Duration.ofSeconds(3)));

        HttpResponse<String> response = chat(Map.of("model", "tandem", "stream", true,
                "messages", user("When does the ferry leave?")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(streamedText(response.body())).startsWith("Local says");
        assertThat(response.headers().firstValue("X-Tandem-Plan").orElseThrow()).contains("provider:first_token_timeout");
    }

    @Test
    void should_end_a_live_stream_cut_mid_answer_with_an_explicit_error_not_done() throws Exception {
        openai.respond(r -> Reply.text("The ferry leaves every hour from pier four.").cutAfter(3));

        HttpResponse<String> response = chat(Map.of("model", "tandem", "stream", true,
                "messages", user("When does the ferry leave?")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Tandem-Streamed")).contains("live");
        List<String> events = events(response.body());
        assertThat(streamedText(response.body())).isEqualTo("The ferry leaves ");
        assertThat(events).doesNotContain("[DONE]");
        JsonNode last = JSON.readTree(events.get(events.size() - 1));
        assertThat(last.at("/error/message").asText()).contains("ended the stream before the answer was complete");
        assertThat(response.body()).doesNotContain("\"finish_reason\":\"stop\"");
    }

    @Test
    void should_fall_back_when_a_stream_is_cut_before_the_client_saw_it() throws Exception {
        ollama.respond(r -> Reply.text("The ferry leaves every hour from pier four.").cutAfter(2));

        HttpResponse<String> response = chat(Map.of("model", "tandem", "stream", true,
                "messages", user("When does the ferry leave?"), "tandem", Map.of("strategy", "local-first")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(streamedText(response.body())).isEqualTo("Provider says: the ferry leaves every hour [1].");
        assertThat(events(response.body())).endsWith("[DONE]");
        assertThat(response.body()).contains("\"outcome\":\"cut_off\"");
    }

    @Test
    void should_fall_back_when_the_provider_sends_a_malformed_body() throws Exception {
        openai.respond(r -> Reply.malformed("{\"choices\": [ this is not json"));

        JsonNode body = ok(chat(Map.of("model", "tandem", "messages", user("When does the ferry leave?"))));

        assertThat(body.at("/tandem/winner/backend").asText()).isEqualTo(LOCAL_ID);
        assertThat(steps(body.get("tandem"))).contains("provider:malformed");
    }

    @Test
    void should_surface_a_context_length_error_once_and_never_retry_it() throws Exception {
        openai.respond(r -> Reply.error(400, "This model's maximum context length is 8192 tokens.")
                .withErrorCode("context_length_exceeded"));

        HttpResponse<String> direct = chat(Map.of("model", PROVIDER_ID, "messages", user("A very long question")));

        assertThat(direct.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(direct.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("context_length_exceeded");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asText()).contains("maximum context length");
        assertThat(openai.requestCount()).isEqualTo(1);

        JsonNode hybrid = ok(chat(Map.of("model", "tandem", "messages", user("A very long question"))));
        assertThat(steps(hybrid.get("tandem"))).contains("provider:rejected", "local:won");
        assertThat(openai.requestCount()).isEqualTo(2);
    }

    @Test
    void should_surface_a_content_policy_refusal_as_a_bad_request() throws Exception {
        openai.respond(r -> Reply.error(400, "Your request was rejected by the safety system.")
                .withErrorCode("content_policy_violation"));

        HttpResponse<String> direct = chat(Map.of("model", PROVIDER_ID, "messages", user("Something forbidden")));

        assertThat(direct.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(direct.body()).at("/error/code").asText()).isEqualTo("content_policy_violation");
    }

    @Test
    void should_answer_from_the_provider_when_the_local_model_is_down() throws Exception {
        ollama.respond(r -> Reply.error(500, "model failed to load"));
        openai.respond(r -> Reply.text("Provider says: hourly.").after(Duration.ofMillis(300)));

        JsonNode body = ok(chat(Map.of("model", "tandem", "messages", user("When does the ferry leave?"))));

        assertThat(body.at("/tandem/winner/backend").asText()).isEqualTo(PROVIDER_ID);
        assertThat(steps(body.get("tandem"))).contains("local:server_error", "provider:won");
    }

    @Test
    void should_answer_504_with_the_passages_when_both_are_too_slow() throws Exception {
        ollama.respond(r -> Reply.text("late").after(Duration.ofSeconds(6)));
        openai.respond(r -> Reply.text("late").after(Duration.ofSeconds(6)));

        HttpResponse<String> response = chat(Map.of("model", "tandem",
                "messages", user("When does the harbour ferry leave?")));

        assertThat(response.statusCode()).isEqualTo(504);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.at("/error/code").asText()).isEqualTo("backends_timeout");
        assertThat(body.at("/tandem/extractive_answer").asText()).contains("pier 4");
    }

    @Test
    void should_answer_503_with_the_passages_as_an_extractive_answer_when_both_are_down() throws Exception {
        ollama.respond(r -> Reply.error(500, "out of memory"));
        openai.respond(r -> Reply.error(502, "bad gateway"));

        HttpResponse<String> response = chat(Map.of("model", "tandem",
                "messages", user("When does the harbour ferry leave?")));

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.at("/error/type").asText()).isEqualTo("server_error");
        assertThat(body.at("/error/message").asText()).contains("No model could answer").contains(LOCAL_ID)
                .contains(PROVIDER_ID).doesNotContain("Exception");
        assertThat(body.at("/tandem/passages/0/source").asText()).endsWith("ferries.md");
        assertThat(body.at("/tandem/extractive_answer").asText()).contains("pier 4");

        HttpResponse<String> ask = tandem.post("/api/ask", "application/json",
                "{\"question\": \"When does the harbour ferry leave?\"}");
        assertThat(ask.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(ask.body());
        assertThat(answer.get("extractive").asBoolean()).isTrue();
        assertThat(answer.get("answer").asText()).contains("No language model is reachable");
        assertThat(answer.at("/citations/0/text").asText()).contains("pier 4");
    }

    @Test
    void should_pass_a_huge_answer_through_whole() throws Exception {
        String huge = "word ".repeat(60_000).strip();
        openai.respond(r -> Reply.text(huge));

        JsonNode body = ok(chat(Map.of("model", PROVIDER_ID, "messages", user("Say a lot"))));

        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo(huge);
    }

    @Test
    void should_not_accept_an_empty_answer() throws Exception {
        openai.respond(r -> Reply.text(""));

        JsonNode body = ok(chat(Map.of("model", "tandem", "messages", user("When does the ferry leave?"))));

        assertThat(body.at("/tandem/winner/backend").asText()).isEqualTo(LOCAL_ID);
        assertThat(steps(body.get("tandem"))).anyMatch(s -> s.startsWith("provider:empty"));
    }

    @Test
    void should_merge_two_answers_that_disagree_when_fusing() throws Exception {
        ollama.respond(r -> r.lastUserText().contains("Draft A")
                ? Reply.text("The sources disagree: noon or midnight.")
                : Reply.text("The ferry leaves at noon."));
        openai.respond(r -> Reply.text("Departure is at midnight sharp."));

        JsonNode body = ok(chat(Map.of("model", "tandem", "messages", user("When does the ferry leave?"),
                "tandem", Map.of("strategy", "fuse", "retrieve", false))));

        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("The sources disagree: noon or midnight.");
        assertThat(body.at("/tandem/winner/reason").asText()).contains("merged");
        assertThat(body.at("/tandem/answers_disagree").asBoolean()).isTrue();
        String mergeRequest = ollama.requests().get(ollama.requestCount() - 1).lastUserText();
        assertThat(mergeRequest).contains("noon").contains("midnight");
        assertThat(steps(body.get("tandem"))).contains("local:ok", "provider:ok", "merge:won");
    }

    @Test
    void should_let_the_first_valid_answer_win_a_race_and_cancel_the_other() throws Exception {
        openai.respond(r -> Reply.text("slow provider").after(Duration.ofMillis(900)));

        HttpResponse<String> response = chat(Map.of("model", "tandem", "messages", user("Quick?")),
                "X-Tandem-Strategy", "race");

        JsonNode body = ok(response);
        // decided by the race: the local answer came first and the provider, 900 ms away, was cancelled
        assertThat(body.at("/tandem/winner/backend").asText()).isEqualTo(LOCAL_ID);
        assertThat(steps(body.get("tandem"))).contains("local:won", "provider:cancelled");
    }

    @Test
    void should_skip_the_provider_when_the_local_answer_passes_the_check() throws Exception {
        ollama.respond(r -> Reply.text("The ferry leaves every hour.\nConfidence: 0.9"));

        JsonNode body = ok(chat(Map.of("model", "tandem", "messages", user("When does the ferry leave?"),
                "tandem", Map.of("strategy", "local-first"))));

        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("The ferry leaves every hour.");
        assertThat(openai.requestCount()).isZero();
        assertThat(steps(body.get("tandem"))).contains("check:passed", "local:won");
        assertThat(ollama.requests().get(0).body().toString()).contains("Confidence");
    }

    @Test
    void should_stream_server_sent_events_ending_in_done_with_usage_last() throws Exception {
        HttpResponse<String> response = chat(Map.of("model", "tandem", "stream", true,
                "stream_options", Map.of("include_usage", true), "messages", user("When does the ferry leave?")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        List<String> events = events(response.body());
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        JsonNode first = JSON.readTree(events.get(0));
        assertThat(first.get("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(first.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        JsonNode usage = JSON.readTree(events.get(events.size() - 2));
        assertThat(usage.get("choices")).isEmpty();
        assertThat(usage.at("/usage/completion_tokens").asLong()).isPositive();
        assertThat(streamedText(response.body())).isEqualTo("Provider says: the ferry leaves every hour [1].");
        assertThat(openai.requests().get(0).stream()).isTrue();
    }

    @Test
    void should_relay_a_streamed_answer_piece_by_piece_as_it_arrives() throws Exception {
        openai.respond(r -> Reply.text("one two three four five").withTokenInterval(Duration.ofMillis(150)));
        String body = JSON.writeValueAsString(Map.of("model", "tandem", "stream", true,
                "messages", user("Count to five.")));
        long started = System.nanoTime();
        List<Long> contentArrivals = new ArrayList<>();

        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(tandem.baseUrl() + "/v1/chat/completions"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofLines());
        response.body().filter(line -> line.contains("\"content\":\"") && !line.contains("\"content\":\"\""))
                .forEach(line -> contentArrivals.add(millisSince(started)));

        // the provider's deadline (1 s) leaves room for five pieces 150 ms apart
        assertThat(contentArrivals).hasSize(5);
        assertThat(contentArrivals.get(4) - contentArrivals.get(0)).isGreaterThanOrEqualTo(450);
    }

    @Test
    void should_list_the_hybrid_and_each_backend_as_models() throws Exception {
        JsonNode list = tandem.getJson("/v1/models");

        assertThat(list.get("object").asText()).isEqualTo("list");
        assertThat(list.get("data").findValuesAsText("id")).containsExactly("tandem", LOCAL_ID, PROVIDER_ID,
                "all-minilm-l6-v2-q", "bge-small-en-v1.5-q");

        JsonNode local = tandem.getJson("/v1/models/" + LOCAL_ID);
        assertThat(local.get("id").asText()).isEqualTo(LOCAL_ID);
        assertThat(local.at("/tandem/identification/provider").asText()).isEqualTo("ollama");
        assertThat(local.at("/tandem/capabilities/contextWindow").asInt()).isPositive();
        assertThat(local.at("/tandem/runtime/circuitState").asText()).isEqualTo("closed");

        HttpResponse<String> unknown = tandem.get("/v1/models/nope/none");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).at("/error/code").asText()).isEqualTo("model_not_found");
    }

    @Test
    void should_publish_per_backend_latency_errors_tokens_cost_and_circuit_state() throws Exception {
        ok(chat(Map.of("model", "tandem", "messages", user("When does the ferry leave?"))));
        openai.respond(r -> Reply.error(503, "overloaded"));
        ok(chat(Map.of("model", "tandem", "messages", user("When does the ferry leave?"))));

        String metrics = tandem.get("/observe/metrics").body();

        String provider = "backend=\"" + PROVIDER_ID + "\"";
        assertThat(metrics).containsPattern("tandem_llm_latency_seconds_count\\{" + provider + "[^}]*} [1-9]")
                .containsPattern("tandem_llm_tokens_total\\{" + provider + ",direction=\"input\"[^}]*} [1-9]")
                .containsPattern("tandem_llm_cost_usd_total\\{" + provider + "[^}]*} [0-9.E-]+")
                .containsPattern("tandem_llm_errors_total\\{" + provider + ",kind=\"server_error\"[^}]*} [1-9]")
                .containsPattern("tandem_llm_circuit_open\\{" + provider + "[^}]*} 0.0");
    }

    @Test
    void should_refuse_bad_requests_with_an_openai_error() throws Exception {
        assertBadRequest(tandem.post("/v1/chat/completions", "application/json", "{\"model\": \"tandem\"}"),
                "messages");
        assertBadRequest(tandem.post("/v1/chat/completions", "application/json", "{not json"), "not valid JSON");
        String brokenAfterTools = "{\"model\": \"tandem\", \"tools\": [{\"type\": \"function\", \"function\":"
                + " {\"name\": \"f\"}}], \"messages\": oops}";
        assertBadRequest(tandem.post("/v1/chat/completions", "application/json", brokenAfterTools),
                "not valid JSON (line 1, column " + columnOfError(brokenAfterTools) + ")");
        assertBadRequest(chat(Map.of("model", "tandem", "messages", user("hi"), "tandem", Map.of("strategy", "best"))),
                "Unknown strategy 'best'");
        assertBadRequest(chat(Map.of("model", "tandem", "messages", user("hi"), "temperature", 7)), "temperature");
        assertBadRequest(chat(Map.of("model", "tandem", "messages", user("hi"),
                "tools", List.of(Map.of("type", "function")))), "'tools'");
    }

    /** Where Jackson's tree reader finds the error in {@code body}, as a client sent it. */
    private static int columnOfError(String body) {
        return catchThrowableOfType(() -> JSON.readTree(body.getBytes(StandardCharsets.UTF_8)),
                JsonProcessingException.class).getLocation().getColumnNr();
    }

    private void assertBadRequest(HttpResponse<String> response, String messagePart) throws Exception {
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asText()).contains(messagePart);
    }

    private HttpResponse<String> chat(Map<String, Object> body, String... headers) throws Exception {
        return tandem.post("/v1/chat/completions", "application/json", JSON.writeValueAsString(body), headers);
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<Map<String, String>> user(String text) {
        return List.of(Map.of("role", "user", "content", text));
    }

    private static List<String> steps(JsonNode tandemMeta) {
        List<String> steps = new ArrayList<>();
        tandemMeta.at("/plan/steps").forEach(s -> steps.add(s.get("name").asText() + ":" + s.get("outcome").asText()));
        return steps;
    }

    private static List<String> events(String sse) {
        List<String> events = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: ")) {
                events.add(line.substring(6));
            }
        }
        return events;
    }

    private static String streamedText(String sse) throws Exception {
        StringBuilder text = new StringBuilder();
        for (String event : events(sse)) {
            if (!event.equals("[DONE]")) {
                text.append(JSON.readTree(event).at("/choices/0/delta/content").asText(""));
            }
        }
        return text.toString();
    }

    private static String escape(String id) {
        return id.replace("~", "~0").replace("/", "~1");
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
