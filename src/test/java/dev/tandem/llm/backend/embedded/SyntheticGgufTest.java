package dev.tandem.llm.backend.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.ChatMessage;
import dev.tandem.llm.ChatOptions;
import dev.tandem.llm.ChatPrompt;
import dev.tandem.llm.Deadlines;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's synthetic model, in a miniature shape the tests can afford; the real shapes by their counts. */
class SyntheticGgufTest {

    private static final LlamaShape MINIATURE = new LlamaShape("synthetic-miniature", 64, 2, 4, 2, 128, 2000, 512,
            true);

    @TempDir
    Path work;

    @Test
    void should_give_each_shape_the_parameter_count_its_model_card_publishes() {
        assertThat(parameters(SyntheticGguf.SHAPES.get("smollm2-135m"))).isEqualTo(134_515_008L);
        assertThat(parameters(SyntheticGguf.SHAPES.get("smollm2-360m"))).isEqualTo(361_821_120L);
        // Qwen2.5-0.5B's 494,032,768 less the q, k and v biases llama architecture has no place for
        assertThat(parameters(SyntheticGguf.SHAPES.get("qwen2.5-0.5b"))).isEqualTo(494_032_768L - 24 * 1152);
    }

    @Test
    void should_write_q8_0_weights_and_the_shape_into_the_header() {
        GgufFile file = GgufFile.read(SyntheticGguf.write(MINIATURE, work.resolve("miniature.gguf")));

        assertThat(file.name()).isEqualTo("synthetic-miniature");
        assertThat(file.quantization()).contains("Q8_0");
        assertThat(file.contextLength()).contains(512);
        assertThat(file.arrayLengths().get("tokenizer.ggml.tokens")).isEqualTo(2000L);
        assertThat(file.parameterCount()).isEqualTo(parameters(MINIATURE));
    }

    @Test
    void should_write_the_same_bytes_for_the_same_shape() throws IOException {
        Path first = SyntheticGguf.write(MINIATURE, work.resolve("first.gguf"));
        Path second = SyntheticGguf.write(MINIATURE, work.resolve("second.gguf"));

        assertThat(Files.mismatch(first, second)).isEqualTo(-1L);
    }

    @Test
    void should_answer_in_text_pieces_until_max_tokens_without_ending_on_its_own() {
        Path gguf = SyntheticGguf.write(MINIATURE, work.resolve("miniature.gguf"));
        try (EmbeddedBackend backend = new EmbeddedBackend(EmbeddedModel.load(new EmbeddedSettings(gguf, 512, 1, 64,
                1)), null, null, new SimpleMeterRegistry())) {
            for (long seed = 1; seed <= 8; seed++) {
                BackendAnswer answer = backend.chat(new ChatPrompt(List.of(ChatMessage.user("hello world")), 96, 0.7,
                        new ChatOptions(List.of(), ChatOptions.NONE.toolChoice(), null,
                                ChatOptions.NONE.responseFormat(), List.of(), seed, null)),
                        new Deadlines(Duration.ofSeconds(60), Duration.ofSeconds(120)));

                assertThat(answer.finishReason()).as("seed %d", seed).isEqualTo("length");
                assertThat(answer.usage().outputTokens()).as("seed %d", seed).isEqualTo(96);
                assertThat(answer.text()).as("seed %d", seed).matches("[a-z ]+");
            }
        }
    }

    private static long parameters(LlamaShape shape) {
        return shape.tensors().values().stream()
                .mapToLong(dimensions -> Arrays.stream(dimensions).reduce(1, Math::multiplyExact)).sum();
    }
}
