package dev.tandem.llm.backend.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.BackendException;
import dev.tandem.llm.BackendException.Kind;
import dev.tandem.llm.ChatMessage;
import dev.tandem.llm.ChatPrompt;
import dev.tandem.llm.Deadlines;
import dev.tandem.llm.ModelDescription;
import dev.tandem.llm.emulator.BedrockEmulator;
import dev.tandem.llm.emulator.Reply;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BedrockBackendTest {

    private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final Deadlines RELAXED = new Deadlines(Duration.ofSeconds(5), Duration.ofSeconds(10));
    private static final ChatPrompt QUESTION = new ChatPrompt(
            List.of(ChatMessage.system("Answer briefly."), ChatMessage.user("Why is the sky blue?")), 64, 0.2);

    private static BedrockEmulator emulator;
    private static CamelContext camel;
    private static BedrockBackend backend;

    @BeforeAll
    static void startEmulatorCamelAndBackend() {
        // The AWS default credential chain reads these system properties.
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        emulator = BedrockEmulator.start(MODEL, "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "us-east-1");
        camel = new DefaultCamelContext();
        camel.start();
        backend = backendAt(URI.create(emulator.endpoint()));
    }

    @AfterEach
    void sentOnlyWhatTheConfigurationSays() {
        emulator.violations().assertNone();
    }

    @AfterAll
    static void stopBackendCamelAndEmulator() {
        backend.close();
        camel.stop();
        emulator.close();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @BeforeEach
    void resetEmulator() {
        emulator.reset();
    }

    @Test
    void should_answer_with_text_finish_reason_and_usage_exactly_as_reported() {
        emulator.respond(request -> Reply.text("Rayleigh scattering.").withUsage(17, 4));

        BackendAnswer answer = backend.chat(QUESTION, RELAXED);

        assertThat(answer.text()).isEqualTo("Rayleigh scattering.");
        assertThat(answer.finishReason()).isEqualTo("stop");
        assertThat(answer.usage().inputTokens()).isEqualTo(17);
        assertThat(answer.usage().outputTokens()).isEqualTo(4);
        assertThat(answer.usage().reported())
                .containsExactlyInAnyOrderEntriesOf(Map.of("inputTokens", 17L, "outputTokens", 4L, "totalTokens", 21L));
    }

    @Test
    void should_send_the_conversation_to_the_url_encoded_model_path() {
        backend.chat(QUESTION, RELAXED);

        var request = emulator.requests().get(0);
        assertThat(request.path()).isEqualTo("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");
        assertThat(request.stream()).isFalse();
        assertThat(request.lastUserText()).isEqualTo("Why is the sky blue?");
        assertThat(request.body().at("/system/0/text").asText()).isEqualTo("Answer briefly.");
        assertThat(request.body().at("/inferenceConfig/maxTokens").asInt()).isEqualTo(64);
    }

    @Test
    void should_report_length_when_bedrock_stopped_at_max_tokens() {
        emulator.respond(request -> Reply.text("The sky is blue because").withFinishReason("length"));

        assertThat(backend.chat(QUESTION, RELAXED).cutOff()).isTrue();
    }

    @Test
    void should_stream_tokens_in_order_from_event_stream_frames() {
        emulator.respond(request -> Reply.text("Blue light scatters most.").withUsage(9, 4)
                .withTokenInterval(Duration.ofMillis(5)));
        List<String> tokens = new ArrayList<>();

        BackendAnswer answer = backend.stream(QUESTION, RELAXED, tokens::add);

        assertThat(tokens).containsExactly("Blue ", "light ", "scatters ", "most.");
        assertThat(answer.text()).isEqualTo("Blue light scatters most.");
        assertThat(answer.finishReason()).isEqualTo("stop");
        assertThat(answer.usage().reported())
                .containsExactlyInAnyOrderEntriesOf(Map.of("inputTokens", 9L, "outputTokens", 4L, "totalTokens", 13L));
        assertThat(emulator.requests().get(0).path())
                .isEqualTo("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream");
    }

    @Test
    void should_classify_500_as_server_error() {
        emulator.respond(request -> Reply.error(500, "Internal failure"));

        assertFailure(() -> backend.chat(QUESTION, RELAXED), Kind.SERVER_ERROR)
                .hasMessageContaining("Amazon Bedrock (us-east-1)")
                .hasMessageContaining("Internal failure");
    }

    @Test
    void should_never_quote_the_endpoint_in_a_failure_message() {
        emulator.respond(request -> Reply.error(503, "upstream " + emulator.endpoint() + " is overloaded"));

        assertFailure(() -> backend.chat(QUESTION, RELAXED), Kind.SERVER_ERROR)
                .hasMessageContaining("is overloaded")
                .hasMessageNotContaining(emulator.endpoint());
    }

    @Test
    void should_classify_503_as_server_error_when_streaming() {
        emulator.respond(request -> Reply.error(503, "Service unavailable"));

        assertFailure(() -> backend.stream(QUESTION, RELAXED, token -> { }), Kind.SERVER_ERROR);
    }

    @Test
    void should_classify_429_as_rate_limited_with_retry_after() {
        emulator.respond(request -> Reply.error(429, "Too many requests").withHeader("Retry-After", "2"));

        BackendException failure = catchThrowableOfType(() -> backend.chat(QUESTION, RELAXED), BackendException.class);

        assertThat(failure.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(2));
        assertThat(failure).hasMessage("Amazon Bedrock (us-east-1) throttled the request: retry after 2 s");
        assertThat(emulator.requestCount()).as("no SDK retries").isEqualTo(1);
    }

    @Test
    void should_reject_a_conversation_too_long_for_the_model() {
        emulator.respond(request -> Reply.error(400, null).withErrorCode("context_length_exceeded"));

        BackendException failure = catchThrowableOfType(() -> backend.chat(QUESTION, RELAXED), BackendException.class);

        assertThat(failure.kind()).isEqualTo(Kind.REJECTED);
        assertThat(failure.code()).contains("context_length_exceeded");
        assertThat(failure).hasMessageContaining("Input is too long for requested model.");
    }

    @Test
    void should_reject_an_answer_stopped_by_the_content_filter() {
        emulator.respond(request -> Reply.text("I cannot").withFinishReason("content_filter"));

        BackendException failure = catchThrowableOfType(() -> backend.chat(QUESTION, RELAXED), BackendException.class);

        assertThat(failure.kind()).isEqualTo(Kind.REJECTED);
        assertThat(failure.code()).contains("content_policy_violation");
    }

    @Test
    void should_reject_a_request_blocked_by_the_content_filters() {
        emulator.respond(request -> Reply.error(400, null).withErrorCode("content_policy_violation"));

        BackendException failure = catchThrowableOfType(() -> backend.stream(QUESTION, RELAXED, token -> { }),
                BackendException.class);

        assertThat(failure.kind()).isEqualTo(Kind.REJECTED);
        assertThat(failure.code()).contains("content_policy_violation");
    }

    @Test
    void should_reject_refused_credentials_as_authentication() {
        emulator.respond(request -> Reply.error(403, "The security token included in the request is invalid."));

        BackendException failure = catchThrowableOfType(() -> backend.chat(QUESTION, RELAXED), BackendException.class);

        assertThat(failure.kind()).isEqualTo(Kind.REJECTED);
        assertThat(failure.code()).contains("authentication");
        assertThat(failure).hasMessageContaining("refused the AWS credentials")
                .hasMessageNotContaining("wJalrXUtnFEMI");
    }

    @Test
    void should_classify_an_unparsable_body_as_malformed() {
        emulator.respond(request -> Reply.malformed("{\"output\": {\"message\": "));

        assertFailure(() -> backend.chat(QUESTION, RELAXED), Kind.MALFORMED);
    }

    @Test
    void should_classify_a_garbled_event_stream_as_malformed() {
        emulator.respond(request -> Reply.malformed("this is not an event stream at all"));

        assertFailure(() -> backend.stream(QUESTION, RELAXED, token -> { }), Kind.MALFORMED);
    }

    @Test
    void should_classify_an_empty_answer_as_empty() {
        emulator.respond(request -> Reply.text(""));

        assertFailure(() -> backend.chat(QUESTION, RELAXED), Kind.EMPTY);
    }

    @Test
    void should_classify_a_refused_connection_as_unreachable() throws IOException {
        try (BedrockBackend nobodyListening = backendAt(URI.create("http://127.0.0.1:" + freePort()))) {
            assertFailure(() -> nobodyListening.chat(QUESTION, RELAXED), Kind.UNREACHABLE)
                    .hasMessageContaining("cannot be reached: could not connect")
                    .hasMessageNotContaining("127.0.0.1");
            assertFailure(() -> nobodyListening.stream(QUESTION, RELAXED, token -> { }), Kind.UNREACHABLE);
        }
    }

    @Test
    void should_time_out_when_the_answer_takes_longer_than_the_total_deadline() {
        emulator.respond(request -> Reply.text("Too late.").after(Duration.ofSeconds(3)));
        Deadlines tight = new Deadlines(Duration.ofMillis(300), Duration.ofMillis(300));

        long started = System.nanoTime();
        assertFailure(() -> backend.chat(QUESTION, tight), Kind.TIMEOUT).hasMessageContaining("within 300 ms");
        assertThat(elapsedMillis(started)).as("decided by the deadline, before the 3 s answer").isLessThan(3_000);
    }

    @Test
    void should_fail_with_first_token_timeout_when_the_first_text_comes_too_late() {
        emulator.respond(request -> Reply.text("Slow start.").withFirstTokenAfter(Duration.ofSeconds(3)));
        Deadlines firstTokenSoon = new Deadlines(Duration.ofMillis(300), Duration.ofSeconds(10));

        long started = System.nanoTime();
        assertFailure(() -> backend.stream(QUESTION, firstTokenSoon, token -> { }), Kind.FIRST_TOKEN_TIMEOUT);
        assertThat(elapsedMillis(started)).as("decided by the deadline, before the 3 s answer").isLessThan(3_000);
    }

    @Test
    void should_time_out_a_stream_that_outlasts_the_total_deadline() {
        emulator.respond(request -> Reply.text("one two three four five six")
                .withTokenInterval(Duration.ofMillis(200)));
        Deadlines shortTotal = new Deadlines(Duration.ofSeconds(1), Duration.ofMillis(500));

        assertFailure(() -> backend.stream(QUESTION, shortTotal, token -> { }), Kind.TIMEOUT);
    }

    @Test
    void should_report_a_stream_closed_mid_answer_as_cut_off_after_relaying_what_came() {
        emulator.respond(request -> Reply.text("one two three four").cutAfter(2));
        List<String> tokens = new CopyOnWriteArrayList<>();

        assertFailure(() -> backend.stream(QUESTION, RELAXED, tokens::add), Kind.CUT_OFF);
        assertThat(tokens).containsExactly("one ", "two ");
    }

    @Test
    void should_return_promptly_when_the_calling_thread_is_interrupted() {
        emulator.respond(request -> Reply.text("Never needed.").after(Duration.ofSeconds(5)));

        assertThat(interruptedWhileWaiting(() -> backend.chat(QUESTION, RELAXED)).kind()).isEqualTo(Kind.CANCELLED);
        assertThat(interruptedWhileWaiting(() -> backend.stream(QUESTION, RELAXED, token -> { })).kind())
                .isEqualTo(Kind.CANCELLED);
    }

    @Test
    void should_describe_the_model_from_configuration() {
        ModelDescription description = backend.describe();

        assertThat(description.identification().id()).isEqualTo("bedrock/" + MODEL);
        assertThat(description.identification().provider()).isEqualTo("aws-bedrock");
        assertThat(description.identification().endpoint()).isEqualTo(emulator.endpoint());
        assertThat(description.capabilities().contextWindow()).isEqualTo(200_000);
        assertThat(description.capabilities().streaming()).isTrue();
        assertThat(description.inference().maxTokens()).isEqualTo(512);
    }

    @Test
    void should_name_the_public_endpoint_and_leave_unknown_context_windows_unknown() {
        try (BedrockBackend unknownModel = new BedrockBackend(camel, "acme.unheard-of-v1", "eu-west-1",
                Optional.empty(), null, null)) {
            ModelDescription description = unknownModel.describe();

            assertThat(description.identification().endpoint()).isEqualTo("bedrock-runtime.eu-west-1.amazonaws.com");
            assertThat(description.capabilities().contextWindow()).isNull();
        }
    }

    private static BedrockBackend backendAt(URI endpoint) {
        return new BedrockBackend(camel, MODEL, "us-east-1", Optional.of(endpoint), 0.7, 512);
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertFailure(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Kind kind) {
        return assertThatThrownBy(call)
                .isInstanceOfSatisfying(BackendException.class, failure -> assertThat(failure.kind()).isEqualTo(kind));
    }

    /**
     * Runs the call on this thread and interrupts it from another once the emulator has the request, so the call is
     * waiting for the answer (a fixed delay could interrupt a cold start instead); asserts it gave up promptly.
     */
    private static BackendException interruptedWhileWaiting(Runnable call) {
        Thread caller = Thread.currentThread();
        int before = emulator.requestCount();
        ScheduledExecutorService interrupter = Executors.newSingleThreadScheduledExecutor();
        long started = System.nanoTime();
        try {
            interrupter.scheduleWithFixedDelay(() -> {
                if (emulator.requestCount() > before) {
                    caller.interrupt();
                    throw new IllegalStateException("interrupted once: stop polling");
                }
            }, 10, 10, TimeUnit.MILLISECONDS);
            BackendException failure = catchThrowableOfType(call::run, BackendException.class);
            assertThat(elapsedMillis(started)).as("decided by the interruption, before the 5 s answer")
                    .isLessThan(5_000);
            assertThat(Thread.interrupted()).as("interrupt flag kept for the caller").isTrue();
            return failure;
        } finally {
            interrupter.shutdownNow();
        }
    }

    private static long elapsedMillis(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
