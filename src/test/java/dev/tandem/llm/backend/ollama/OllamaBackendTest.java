package dev.tandem.llm.backend.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.BackendException;
import dev.tandem.llm.BackendException.Kind;
import dev.tandem.llm.ChatMessage;
import dev.tandem.llm.ChatPrompt;
import dev.tandem.llm.Deadlines;
import dev.tandem.llm.ModelDescription;
import dev.tandem.llm.TokenUsage;
import dev.tandem.llm.backend.FreePort;
import dev.tandem.llm.backend.Interruption;
import dev.tandem.llm.emulator.EmulatedRequest;
import dev.tandem.llm.emulator.OllamaEmulator;
import dev.tandem.llm.emulator.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OllamaBackendTest {

    private static final ChatPrompt PROMPT = new ChatPrompt(
            List.of(ChatMessage.system("Answer briefly."), ChatMessage.user("What is the capital of France?")),
            null, null);
    private static final Deadlines GENEROUS = new Deadlines(Duration.ofSeconds(5), Duration.ofSeconds(10));

    private static OllamaEmulator ollama;
    private static OllamaBackend backend;

    @BeforeAll
    static void startOllama() {
        ollama = OllamaEmulator.start();
        backend = new OllamaBackend(ollama.baseUrl(), "llama3.2", 0.2, 256);
    }

    @AfterEach
    void resetOllama() {
        ollama.reset();
        Thread.interrupted(); // an interruption test must not leak its flag into the next test
    }

    @AfterEach
    void sentOnlyWhatTheConfigurationSays() {
        ollama.violations().assertNone();
    }

    @AfterAll
    static void stopOllama() {
        ollama.close();
    }

    @Test
    void should_answer_with_the_text_and_the_usage_ollama_reported() {
        ollama.respond(request -> Reply.text("Paris.").withUsage(26, 3));

        BackendAnswer answer = backend.chat(PROMPT, GENEROUS);

        assertThat(answer.text()).isEqualTo("Paris.");
        assertThat(answer.finishReason()).isEqualTo("stop");
        assertThat(answer.usage()).isEqualTo(
                new TokenUsage(26, 3, Map.of("prompt_eval_count", 26L, "eval_count", 3L)));
    }

    @Test
    void should_send_the_conversation_and_default_settings_without_streaming() {
        backend.chat(PROMPT, GENEROUS);

        EmulatedRequest sent = ollama.requests().get(0);
        assertThat(sent.path()).isEqualTo("/api/chat");
        assertThat(sent.stream()).isFalse();
        assertThat(sent.body().path("model").asText()).isEqualTo("llama3.2");
        assertThat(sent.lastUserText()).isEqualTo("What is the capital of France?");
        assertThat(sent.body().path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(sent.body().path("options").path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(sent.body().path("options").path("num_predict").asInt()).isEqualTo(256);
    }

    @Test
    void should_stream_tokens_in_order_and_return_the_complete_answer() {
        ollama.respond(request -> Reply.text("Paris is the capital.").withUsage(20, 4)
                .withTokenInterval(Duration.ofMillis(5)));
        List<String> tokens = new CopyOnWriteArrayList<>();

        BackendAnswer answer = backend.stream(PROMPT, GENEROUS, tokens::add);

        assertThat(tokens).containsExactly("Paris ", "is ", "the ", "capital.");
        assertThat(answer.text()).isEqualTo("Paris is the capital.");
        assertThat(answer.usage().reported()).isEqualTo(Map.of("prompt_eval_count", 20L, "eval_count", 4L));
        assertThat(ollama.requests().get(0).stream()).isTrue();
    }

    @Test
    void should_report_length_when_ollama_stopped_at_the_token_limit() {
        ollama.respond(request -> Reply.text("Paris is").withFinishReason("length"));

        assertThat(backend.chat(PROMPT, GENEROUS).cutOff()).isTrue();
        assertThat(backend.stream(PROMPT, GENEROUS, token -> { }).finishReason()).isEqualTo("length");
    }

    @Test
    void should_fail_with_server_error_when_ollama_answers_500() {
        ollama.respond(request -> Reply.error(500, "llama runner process has terminated"));

        BackendException chat = failureOf(() -> backend.chat(PROMPT, GENEROUS));
        BackendException stream = failureOf(() -> backend.stream(PROMPT, GENEROUS, token -> { }));

        assertThat(chat.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(chat.getMessage()).contains("HTTP 500", "llama runner process has terminated");
        assertThat(stream.kind()).isEqualTo(Kind.SERVER_ERROR);
    }

    @Test
    void should_fail_rate_limited_with_the_retry_after_ollama_asked_for() {
        ollama.respond(request -> Reply.error(429, "server busy").withHeader("Retry-After", "7"));

        BackendException failure = failureOf(() -> backend.chat(PROMPT, GENEROUS));

        assertThat(failure.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(7));
    }

    @Test
    void should_reject_with_context_length_exceeded_when_the_prompt_does_not_fit() {
        ollama.respond(request -> Reply.error(400, "the input length exceeds the context length"));

        BackendException failure = failureOf(() -> backend.chat(PROMPT, GENEROUS));

        assertThat(failure.kind()).isEqualTo(Kind.REJECTED);
        assertThat(failure.code()).contains("context_length_exceeded");
    }

    @Test
    void should_fail_malformed_when_the_body_is_not_json() {
        ollama.respond(request -> Reply.malformed("<html>Bad gateway</html>"));

        BackendException failure = failureOf(() -> backend.chat(PROMPT, GENEROUS));

        assertThat(failure.kind()).isEqualTo(Kind.MALFORMED);
        assertThat(failure.getMessage()).contains("not JSON");
    }

    @Test
    void should_fail_empty_when_the_answer_has_no_text() {
        ollama.respond(request -> Reply.text(""));

        assertThat(failureOf(() -> backend.chat(PROMPT, GENEROUS)).kind()).isEqualTo(Kind.EMPTY);
    }

    @Test
    void should_fail_unreachable_with_a_helpful_message_naming_the_setting_not_the_address() {
        String nobody = "http://127.0.0.1:" + FreePort.find();
        OllamaBackend absent = new OllamaBackend(nobody, "llama3.2", null, null);

        BackendException chat = failureOf(() -> absent.chat(PROMPT, GENEROUS));
        BackendException stream = failureOf(() -> absent.stream(PROMPT, GENEROUS, token -> { }));

        assertThat(chat.kind()).isEqualTo(Kind.UNREACHABLE);
        assertThat(chat.getMessage()).isEqualTo(
                "Ollama refused the connection: is it running at the address TANDEM_OLLAMA_URL gives?");
        assertThat(stream.kind()).isEqualTo(Kind.UNREACHABLE);
    }

    @Test
    void should_time_out_when_no_answer_comes_within_the_total_deadline() {
        ollama.respond(request -> Reply.text("Paris.").after(Duration.ofSeconds(5)));
        Deadlines short_ = new Deadlines(Duration.ofMillis(300), Duration.ofMillis(300));

        long start = System.nanoTime();
        BackendException failure = failureOf(() -> backend.chat(PROMPT, short_));

        assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
        // the deadline decided: the emulator's answer would only have come after 5 s
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void should_fail_first_token_timeout_when_the_stream_starts_too_late() {
        ollama.respond(request -> Reply.text("Paris.").withFirstTokenAfter(Duration.ofSeconds(5)));
        Deadlines quickStart = new Deadlines(Duration.ofMillis(300), Duration.ofSeconds(10));

        long start = System.nanoTime();
        BackendException failure = failureOf(() -> backend.stream(PROMPT, quickStart, token -> { }));

        assertThat(failure.kind()).isEqualTo(Kind.FIRST_TOKEN_TIMEOUT);
        // the deadline decided: the emulator's answer would only have come after 5 s
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void should_time_out_when_a_started_stream_does_not_finish_within_the_total_deadline() {
        ollama.respond(request -> Reply.text("Paris is the capital.").withTokenInterval(Duration.ofSeconds(2)));
        Deadlines shortTotal = new Deadlines(Duration.ofSeconds(1), Duration.ofMillis(500));

        BackendException failure = failureOf(() -> backend.stream(PROMPT, shortTotal, token -> { }));

        assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
    }

    @Test
    void should_fail_cut_off_when_the_stream_ends_without_done() {
        ollama.respond(request -> Reply.text("Paris is the capital of France.").cutAfter(2));
        List<String> tokens = new CopyOnWriteArrayList<>();

        BackendException failure = failureOf(() -> backend.stream(PROMPT, GENEROUS, tokens::add));

        assertThat(failure.kind()).isEqualTo(Kind.CUT_OFF);
        assertThat(tokens).containsExactly("Paris ", "is ");
    }

    @Test
    void should_return_promptly_as_cancelled_when_the_calling_thread_is_interrupted() {
        ollama.respond(request -> Reply.text("Paris.").after(Duration.ofSeconds(5)));

        Duration chat = Interruption.timeToCancel(ollama::requestCount, () -> backend.chat(PROMPT, GENEROUS));
        Duration stream = Interruption.timeToCancel(ollama::requestCount, () -> backend.stream(PROMPT, GENEROUS, token -> { }));

        // the interruption decided: the emulator's answer would only have come after 5 s
        assertThat(chat).isLessThan(Duration.ofSeconds(5));
        assertThat(stream).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void should_describe_the_model_from_api_show() {
        ModelDescription description = backend.describe();

        assertThat(description.identification()).isEqualTo(new ModelDescription.ModelIdentification(
                "ollama/llama3.2", "ollama", "llama3.2", "llama", "3.2B", "Q4_K_M", ollama.baseUrl()));
        assertThat(description.capabilities()).isEqualTo(
                new ModelDescription.ModelCapabilities(131072, true, true, false, false));
        assertThat(description.inference().temperature()).isEqualTo(0.2);
        assertThat(description.inference().maxTokens()).isEqualTo(256);
        assertThat(description.tokenizer()).isEqualTo(
                new ModelDescription.TokenizerDetails("llama", "ollama /api/show"));
    }

    @Test
    void should_describe_the_model_from_configuration_when_ollama_is_unreachable() {
        String nobody = "http://127.0.0.1:" + FreePort.find();

        ModelDescription description = new OllamaBackend(nobody, "qwen3", 0.7, null).describe();

        assertThat(description.identification().model()).isEqualTo("qwen3");
        assertThat(description.identification().endpoint()).isEqualTo(nobody);
        assertThat(description.capabilities().contextWindow()).isNull();
        assertThat(description.inference().temperature()).isEqualTo(0.7);
        assertThat(description.tokenizer().source()).isEqualTo("configuration");
    }

    private static BackendException failureOf(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        BackendException failure = catchThrowableOfType(BackendException.class, call);
        assertThat(failure).as("a BackendException").isNotNull();
        return failure;
    }
}
