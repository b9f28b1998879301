package dev.tandem.llm.backend.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.BackendException;
import dev.tandem.llm.ChatMessage;
import dev.tandem.llm.ChatOptions;
import dev.tandem.llm.ChatPrompt;
import dev.tandem.llm.Deadlines;
import dev.tandem.llm.ModelDescription;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded backend on the tiny GGUF the tests write: real llama.cpp, nonsense text, exact mechanics. */
class EmbeddedBackendTest {

    private static final Deadlines ROOMY = new Deadlines(Duration.ofSeconds(60), Duration.ofSeconds(120));
    private static EmbeddedBackend backend;

    @BeforeAll
    static void load() {
        backend = new EmbeddedBackend(EmbeddedModel.load(settings(2)), null, null, new SimpleMeterRegistry());
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    static EmbeddedSettings settings(int queue) {
        return new EmbeddedSettings(TinyGguf.inTarget(), 256, 1, 64, queue);
    }

    @Test
    void should_answer_a_chat_with_the_requested_number_of_tokens_and_say_it_was_cut() {
        BackendAnswer answer = backend.chat(prompt(12, 0.0, ChatOptions.NONE), ROOMY);

        assertThat(answer.text()).isNotBlank();
        assertThat(answer.finishReason()).isEqualTo("length");
        assertThat(answer.usage().outputTokens()).isEqualTo(12);
    }

    @Test
    void should_end_an_answer_without_a_token_limit_when_the_context_is_full() {
        BackendAnswer answer = backend.chat(new ChatPrompt(List.of(ChatMessage.user("hello")), null, 0.8), ROOMY);

        assertThat(answer.finishReason()).isEqualTo("length");
        assertThat(answer.usage().totalTokens()).isEqualTo(settings(0).contextSize());
    }

    @Test
    void should_stream_each_token_as_it_is_generated_and_return_the_same_text() {
        List<String> pieces = new ArrayList<>();

        BackendAnswer answer = backend.stream(prompt(10, 0.8, seed(3)), ROOMY, pieces::add);

        assertThat(pieces).hasSize(10);
        assertThat(String.join("", pieces)).isEqualTo(answer.text());
    }

    @Test
    void should_count_the_prompt_and_the_answer_in_the_model_own_tokens() {
        List<String> pieces = new ArrayList<>();
        BackendAnswer hello = backend.stream(new ChatPrompt(List.of(ChatMessage.user("hello")), 7, 0.5), ROOMY,
                pieces::add);
        BackendAnswer longer = backend.chat(new ChatPrompt(List.of(ChatMessage.user("hello!")), 7, 0.5), ROOMY);

        assertThat(hello.usage().outputTokens()).isEqualTo(7).isEqualTo(pieces.size());
        assertThat(longer.usage().inputTokens()).as("'!' is one more token of the tiny vocabulary")
                .isEqualTo(hello.usage().inputTokens() + 1);
        assertThat(hello.usage().inputTokens()).as("BOS, the chat template's markers and the text")
                .isGreaterThan("hello".length());
        assertThat(hello.usage().reported()).containsEntry("prompt_tokens", hello.usage().inputTokens())
                .containsEntry("completion_tokens", 7L);
    }

    @Test
    void should_repeat_an_answer_for_the_same_seed_and_end_it_before_a_stop_sequence() {
        String full = backend.chat(prompt(40, 1.0, seed(7)), ROOMY).text();
        int at = firstUniqueTrigramFrom(full, 5);
        String stop = full.substring(at, at + 3);

        BackendAnswer stopped = backend.chat(prompt(40, 1.0, new ChatOptions(List.of(),
                ChatOptions.NONE.toolChoice(), null, ChatOptions.NONE.responseFormat(), List.of(stop), 7L, null)),
                ROOMY);

        assertThat(stopped.text()).isEqualTo(full.substring(0, at));
        assertThat(stopped.finishReason()).isEqualTo("stop");
    }

    @Test
    void should_stop_generating_at_the_next_token_when_the_branch_is_dropped() {
        List<String> pieces = new ArrayList<>();

        BackendException failure = catchThrowableOfType(BackendException.class, () -> backend.stream(
                prompt(200, 0.8, seed(1)), ROOMY, piece -> {
                    pieces.add(piece);
                    if (pieces.size() == 3) {
                        Thread.currentThread().interrupt(); // what a strategy does to a losing branch
                    }
                }));
        boolean wasInterrupted = Thread.interrupted();

        assertThat(wasInterrupted).isTrue();
        assertThat(failure.kind()).isEqualTo(BackendException.Kind.CANCELLED);
        assertThat(pieces).hasSize(3);
        assertThat(backend.chat(prompt(4, 0.0, ChatOptions.NONE), ROOMY).usage().outputTokens())
                .as("the model is free again").isEqualTo(4);
    }

    @Test
    void should_refuse_a_caller_at_once_when_the_queue_is_full() throws Exception {
        try (EmbeddedBackend noQueue = new EmbeddedBackend(EmbeddedModel.load(settings(0)), null, null,
                new SimpleMeterRegistry())) {
            CountDownLatch generating = new CountDownLatch(1);
            CountDownLatch refused = new CountDownLatch(1);
            CompletableFuture<BackendAnswer> first = CompletableFuture.supplyAsync(() -> noQueue.stream(
                    prompt(5, 0.0, ChatOptions.NONE), ROOMY, piece -> {
                        generating.countDown();
                        await(refused);
                    }));
            assertThat(generating.await(60, TimeUnit.SECONDS)).isTrue();

            BackendException busy = catchThrowableOfType(BackendException.class, () -> noQueue.chat(
                    prompt(5, 0.0, ChatOptions.NONE), new Deadlines(Duration.ofSeconds(5), Duration.ofSeconds(5))));
            refused.countDown();

            assertThat(busy.kind()).isEqualTo(BackendException.Kind.CIRCUIT_OPEN);
            assertThat(busy.getMessage()).contains("busy").contains("TANDEM_LOCAL_QUEUE");
            assertThat(first.get(60, TimeUnit.SECONDS).usage().outputTokens()).isEqualTo(5);
        }
    }

    @Test
    void should_refuse_a_conversation_longer_than_the_context() {
        BackendException failure = catchThrowableOfType(BackendException.class, () -> backend.chat(
                new ChatPrompt(List.of(ChatMessage.user("hello world ".repeat(100))), 5, 0.0), ROOMY));

        assertThat(failure.kind()).isEqualTo(BackendException.Kind.REJECTED);
        assertThat(failure.code()).contains("context_length_exceeded");
        assertThat(failure.getMessage()).contains("TANDEM_LOCAL_CONTEXT_SIZE");
    }

    @Test
    void should_describe_the_model_from_its_gguf_metadata() {
        ModelDescription description = backend.describe();

        assertThat(description.identification().id()).isEqualTo("embedded/tiny-llama");
        assertThat(description.identification().family()).isEqualTo("llama");
        assertThat(description.identification().quantization()).isEqualTo("F32");
        assertThat(description.identification().parameterSize()).endsWith("K");
        assertThat(description.capabilities().contextWindow()).isEqualTo(256);
        assertThat(description.capabilities().streaming()).isTrue();
        assertThat(description.tokenizer().family()).isEqualTo("llama");
        assertThat(description.inference().options()).containsEntry("trained_context_length", TinyGguf.CONTEXT);
    }

    private static ChatPrompt prompt(int maxTokens, double temperature, ChatOptions options) {
        return new ChatPrompt(List.of(ChatMessage.user("hello world")), maxTokens, temperature, options);
    }

    private static ChatOptions seed(long seed) {
        return new ChatOptions(List.of(), ChatOptions.NONE.toolChoice(), null, ChatOptions.NONE.responseFormat(),
                List.of(), seed, null);
    }

    private static int firstUniqueTrigramFrom(String text, int from) {
        for (int at = from; at + 3 <= text.length(); at++) {
            if (text.indexOf(text.substring(at, at + 3)) == at) {
                return at;
            }
        }
        throw new AssertionError("no trigram appears first after " + from + " in: " + text);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
