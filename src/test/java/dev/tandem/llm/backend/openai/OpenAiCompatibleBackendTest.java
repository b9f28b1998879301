package dev.tandem.llm.backend.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

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
import dev.tandem.llm.emulator.OpenAiEmulator;
import dev.tandem.llm.emulator.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleBackendTest {

    private static final String API_KEY = "sk-test-not-a-secret";
    private static final ChatPrompt PROMPT = new ChatPrompt(
            List.of(ChatMessage.system("Answer briefly."), ChatMessage.user("What is the capital of France?")),
            null, 0.5);
    private static final Deadlines GENEROUS = new Deadlines(Duration.ofSeconds(5), Duration.ofSeconds(10));

    private static OpenAiEmulator openAi;
    private static OpenAiCompatibleBackend backend;

    @BeforeAll
    static void startOpenAi() {
        openAi = OpenAiEmulator.start(API_KEY);
        backend = new OpenAiCompatibleBackend(openAi.baseUrl() + "/v1", API_KEY, "gpt-4o-mini", 0.2, 256);
    }

    @AfterEach
    void sentOnlyWhatTheConfigurationSays() {
        openAi.violations().assertNone();
    }

    @AfterEach
    void resetOpenAi() {
        openAi.reset();
        Thread.interrupted(); // an interruption test must not leak its flag into the next test
    }

    @AfterAll
    static void stopOpenAi() {
        openAi.close();
    }

    @Test
    void should_answer_with_the_text_and_the_usage_as_reported() {
        openAi.respond(request -> Reply.text("Paris.").withUsage(26, 3));

        BackendAnswer answer = backend.chat(PROMPT, GENEROUS);

        assertThat(answer.text()).isEqualTo("Paris.");
        assertThat(answer.finishReason()).isEqualTo("stop");
        assertThat(answer.usage()).isEqualTo(new TokenUsage(26, 3,
                Map.of("prompt_tokens", 26L, "completion_tokens", 3L, "total_tokens", 29L)));
    }

    @Test
    void should_send_the_conversation_the_prompt_settings_and_the_defaults() {
        backend.chat(PROMPT, GENEROUS);

        EmulatedRequest sent = openAi.requests().get(0);
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.stream()).isFalse();
        assertThat(sent.body().path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(sent.lastUserText()).isEqualTo("What is the capital of France?");
        assertThat(sent.body().path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(sent.body().path("max_tokens").asInt()).isEqualTo(256);
    }

    @Test
    void should_stream_tokens_in_order_with_the_usage_chunk() {
        openAi.respond(request -> Reply.text("Paris is the capital.").withUsage(20, 4)
                .withTokenInterval(Duration.ofMillis(5)));
        List<String> tokens = new CopyOnWriteArrayList<>();

        BackendAnswer answer = backend.stream(PROMPT, GENEROUS, tokens::add);

        assertThat(tokens).containsExactly("Paris ", "is ", "the ", "capital.");
        assertThat(answer.text()).isEqualTo("Paris is the capital.");
        assertThat(answer.usage()).isEqualTo(new TokenUsage(20, 4,
                Map.of("prompt_tokens", 20L, "completion_tokens", 4L, "total_tokens", 24L)));
        EmulatedRequest sent = openAi.requests().get(0);
        assertThat(sent.stream()).isTrue();
        assertThat(sent.body().path("stream_options").path("include_usage").asBoolean()).isTrue();
    }

    @Test
    void should_report_the_finish_reason_as_sent() {
        openAi.respond(request -> Reply.text("Paris is").withFinishReason("length"));

        assertThat(backend.chat(PROMPT, GENEROUS).cutOff()).isTrue();
        assertThat(backend.stream(PROMPT, GENEROUS, token -> { }).finishReason()).isEqualTo("length");
    }

    @Test
    void should_fail_with_server_error_on_5xx() {
        openAi.respond(request -> Reply.error(503, "The engine is currently overloaded"));

        BackendException chat = failureOf(() -> backend.chat(PROMPT, GENEROUS));
        BackendException stream = failureOf(() -> backend.stream(PROMPT, GENEROUS, token -> { }));

        assertThat(chat.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(chat.getMessage()).contains("HTTP 503", "The engine is currently overloaded");
        assertThat(stream.kind()).isEqualTo(Kind.SERVER_ERROR);
    }

    @Test
    void should_fail_rate_limited_with_retry_after_in_seconds() {
        openAi.respond(request -> Reply.error(429, "Rate limit reached").withHeader("Retry-After", "20"));

        BackendException chat = failureOf(() -> backend.chat(PROMPT, GENEROUS));
        BackendException stream = failureOf(() -> backend.stream(PROMPT, GENEROUS, token -> { }));

        assertThat(chat.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(chat.retryAfter()).contains(Duration.ofSeconds(20));
        assertThat(chat.code()).contains("rate_limit_exceeded");
        assertThat(stream.retryAfter()).contains(Duration.ofSeconds(20));
    }

    @Test
    void should_fail_rate_limited_with_retry_after_as_an_http_date() {
        String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(60));
        openAi.respond(request -> Reply.error(429, "Rate limit reached").withHeader("Retry-After", inAMinute));

        BackendException failure = failureOf(() -> backend.chat(PROMPT, GENEROUS));

        assertThat(failure.retryAfter()).hasValueSatisfying(wait ->
                assertThat(wait).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(60)));
    }

    @Test
    void should_reject_with_the_code_when_the_context_length_is_exceeded() {
        openAi.respond(request -> Reply.error(400, "This model's maximum context length is 128000 tokens.")
                .withErrorCode("context_length_exceeded"));

        BackendException failure = failureOf(() -> backend.chat(PROMPT, GENEROUS));

        assertThat(failure.kind()).isEqualTo(Kind.REJECTED);
        assertThat(failure.code()).contains("context_length_exceeded");
        assertThat(failure.isOutage()).isFalse();
    }

    @Test
    void should_reject_with_the_code_when_the_content_policy_is_violated() {
        openAi.respond(request -> Reply.error(400, "Your request was rejected by the safety system.")
                .withErrorCode("content_policy_violation"));

        BackendException failure = failureOf(() -> backend.stream(PROMPT, GENEROUS, token -> { }));

        assertThat(failure.kind()).isEqualTo(Kind.REJECTED);
        assertThat(failure.code()).contains("content_policy_violation");
    }

    @Test
    void should_reject_as_authentication_without_revealing_the_key_when_the_key_is_wrong() {
        OpenAiCompatibleBackend wrongKey =
                new OpenAiCompatibleBackend(openAi.baseUrl() + "/v1", "sk-wrong", "gpt-4o-mini", null, null);

        BackendException failure = failureOf(() -> wrongKey.chat(PROMPT, GENEROUS));

        assertThat(failure.kind()).isEqualTo(Kind.REJECTED);
        assertThat(failure.code()).contains("authentication");
        assertThat(failure.getMessage()).contains("HTTP 401", "API key").doesNotContain("sk-wrong");
        assertThat(openAi.violations().take()).singleElement().asString().contains("'Bearer sk-wrong'");
    }

    @Test
    void should_fail_malformed_when_the_body_is_not_json() {
        openAi.respond(request -> Reply.malformed("<html>Bad gateway</html>"));

        BackendException failure = failureOf(() -> backend.chat(PROMPT, GENEROUS));

        assertThat(failure.kind()).isEqualTo(Kind.MALFORMED);
    }

    @Test
    void should_fail_malformed_when_a_stream_event_is_not_json() {
        openAi.respond(request -> Reply.malformed("data: {\"choices\": [\n\n"));

        BackendException failure = failureOf(() -> backend.stream(PROMPT, GENEROUS, token -> { }));

        assertThat(failure.kind()).isEqualTo(Kind.MALFORMED);
    }

    @Test
    void should_fail_empty_when_the_answer_has_no_text() {
        openAi.respond(request -> Reply.text(""));

        assertThat(failureOf(() -> backend.chat(PROMPT, GENEROUS)).kind()).isEqualTo(Kind.EMPTY);
        assertThat(failureOf(() -> backend.stream(PROMPT, GENEROUS, token -> { })).kind()).isEqualTo(Kind.EMPTY);
    }

    @Test
    void should_fail_unreachable_with_a_helpful_message_naming_the_setting_not_the_address() {
        String nobody = "http://127.0.0.1:" + FreePort.find() + "/v1";
        OpenAiCompatibleBackend absent = new OpenAiCompatibleBackend(nobody, API_KEY, "gpt-4o-mini", null, null);

        BackendException chat = failureOf(() -> absent.chat(PROMPT, GENEROUS));
        BackendException stream = failureOf(() -> absent.stream(PROMPT, GENEROUS, token -> { }));

        assertThat(chat.kind()).isEqualTo(Kind.UNREACHABLE);
        assertThat(chat.getMessage()).isEqualTo("The OpenAI-compatible API refused the connection: is it running at"
                + " the address TANDEM_OPENAI_BASE_URL gives?");
        assertThat(stream.kind()).isEqualTo(Kind.UNREACHABLE);
    }

    @Test
    void should_time_out_when_no_answer_comes_within_the_total_deadline() {
        openAi.respond(request -> Reply.text("Paris.").after(Duration.ofSeconds(5)));
        Deadlines short_ = new Deadlines(Duration.ofMillis(300), Duration.ofMillis(300));

        long start = System.nanoTime();
        BackendException failure = failureOf(() -> backend.chat(PROMPT, short_));

        assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
        // the deadline decided: the emulator's answer would only have come after 5 s
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void should_fail_first_token_timeout_when_headers_come_but_no_token() {
        openAi.respond(request -> Reply.text("Paris.").withFirstTokenAfter(Duration.ofSeconds(5)));
        Deadlines quickStart = new Deadlines(Duration.ofMillis(300), Duration.ofSeconds(10));

        long start = System.nanoTime();
        BackendException failure = failureOf(() -> backend.stream(PROMPT, quickStart, token -> { }));

        assertThat(failure.kind()).isEqualTo(Kind.FIRST_TOKEN_TIMEOUT);
        // the deadline decided: the emulator's answer would only have come after 5 s
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void should_time_out_when_a_started_stream_does_not_finish_within_the_total_deadline() {
        openAi.respond(request -> Reply.text("Paris is the capital.").withTokenInterval(Duration.ofSeconds(2)));
        Deadlines shortTotal = new Deadlines(Duration.ofSeconds(1), Duration.ofMillis(500));

        BackendException failure = failureOf(() -> backend.stream(PROMPT, shortTotal, token -> { }));

        assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
    }

    @Test
    void should_fail_cut_off_when_the_stream_ends_mid_answer() {
        openAi.respond(request -> Reply.text("Paris is the capital of France.").cutAfter(2));
        List<String> tokens = new CopyOnWriteArrayList<>();

        BackendException failure = failureOf(() -> backend.stream(PROMPT, GENEROUS, tokens::add));

        assertThat(failure.kind()).isEqualTo(Kind.CUT_OFF);
        assertThat(tokens).containsExactly("Paris ", "is ");
    }

    @Test
    void should_fail_cut_off_when_the_stream_ends_without_done() {
        openAi.respond(request -> Reply.malformed(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Paris\"},\"finish_reason\":null}]}\n\n"));

        assertThat(failureOf(() -> backend.stream(PROMPT, GENEROUS, token -> { })).kind()).isEqualTo(Kind.CUT_OFF);
    }

    @Test
    void should_leave_the_interrupt_flag_set_for_the_caller_when_a_chat_is_cancelled() {
        openAi.respond(request -> Reply.text("Paris.").after(Duration.ofSeconds(5)));
        CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS).execute(Thread.currentThread()::interrupt);

        BackendException failure = catchThrowableOfType(BackendException.class, () -> backend.chat(PROMPT, GENEROUS));
        boolean stillInterrupted = Thread.interrupted();

        assertThat(failure.kind()).isEqualTo(Kind.CANCELLED);
        assertThat(stillInterrupted).as("the caller still sees the interrupt").isTrue();
    }

    @Test
    void should_return_promptly_as_cancelled_when_the_calling_thread_is_interrupted() {
        openAi.respond(request -> Reply.text("Paris.").after(Duration.ofSeconds(5)));

        Duration chat = Interruption.timeToCancel(openAi::requestCount, () -> backend.chat(PROMPT, GENEROUS));
        Duration stream = Interruption.timeToCancel(openAi::requestCount, () -> backend.stream(PROMPT, GENEROUS, token -> { }));

        // the interruption decided: the emulator's answer would only have come after 5 s
        assertThat(chat).isLessThan(Duration.ofSeconds(5));
        assertThat(stream).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void should_describe_the_model_from_configuration_without_credentials() {
        OpenAiCompatibleBackend withUserInfo = new OpenAiCompatibleBackend(
                "https://user:secret@api.example.com/v1", API_KEY, "gpt-4o-mini", 0.2, 256);

        ModelDescription description = withUserInfo.describe();

        assertThat(description.identification()).isEqualTo(new ModelDescription.ModelIdentification(
                "openai/gpt-4o-mini", "openai-compatible", "gpt-4o-mini", null, null, null,
                "https://api.example.com/v1"));
        assertThat(description.capabilities().contextWindow()).isNull();
        assertThat(description.inference().maxTokens()).isEqualTo(256);
        assertThat(description.tokenizer().source()).isEqualTo("configuration");
    }

    private static BackendException failureOf(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        BackendException failure = catchThrowableOfType(BackendException.class, call);
        assertThat(failure).as("a BackendException").isNotNull();
        return failure;
    }
}
