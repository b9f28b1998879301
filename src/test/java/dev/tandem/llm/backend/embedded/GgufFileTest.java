package dev.tandem.llm.backend.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufFileTest {

    @TempDir
    Path work;

    @Test
    void should_read_what_the_header_says_about_the_model() {
        GgufFile file = GgufFile.read(TinyGguf.inTarget());

        assertThat(file.version()).isEqualTo(3);
        assertThat(file.architecture()).isEqualTo("llama");
        assertThat(file.name()).isEqualTo("tiny-llama");
        assertThat(file.contextLength()).contains(TinyGguf.CONTEXT);
        assertThat(file.quantization()).contains("F32");
        assertThat(file.tokenizer()).contains("llama");
        assertThat(file.addsBosToken()).isTrue();
        assertThat(file.arrayLengths().get("tokenizer.ggml.tokens")).isGreaterThan(256L);
        long perLayer = 4L * TinyGguf.EMBEDDING * TinyGguf.EMBEDDING + 3L * TinyGguf.EMBEDDING * TinyGguf.FEED_FORWARD
                + 2L * TinyGguf.EMBEDDING;
        long vocabulary = file.arrayLengths().get("tokenizer.ggml.tokens");
        assertThat(file.parameterCount()).isEqualTo(TinyGguf.LAYERS * perLayer + 2 * vocabulary * TinyGguf.EMBEDDING
                + TinyGguf.EMBEDDING);
    }

    @Test
    void should_refuse_a_truncated_download_before_llama_cpp_sees_it() throws IOException {
        Path cut = copyOfTiny("cut.gguf");
        try (FileChannel channel = FileChannel.open(cut, StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(cut) - 1000);
        }

        assertThatThrownBy(() -> EmbeddedModel.load(new EmbeddedSettings(cut, 256, 1, 64, 1)))
                .isInstanceOf(InvalidModelFile.class).hasMessageContaining("is truncated")
                .hasMessageContaining("download it again");
    }

    @Test
    void should_refuse_a_file_cut_inside_its_header() throws IOException {
        Path cut = work.resolve("header.gguf");
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(TinyGguf.inTarget()), 300));

        assertThatThrownBy(() -> GgufFile.read(cut)).isInstanceOf(InvalidModelFile.class)
                .hasMessageContaining("cut short inside its GGUF header");
    }

    @Test
    void should_refuse_a_file_that_is_not_gguf() throws IOException {
        Path page = work.resolve("model.gguf");
        Files.writeString(page, "<!DOCTYPE html><html>Sign in to download</html>");

        assertThatThrownBy(() -> GgufFile.read(page)).isInstanceOf(InvalidModelFile.class)
                .hasMessageContaining("is not a GGUF model");
    }

    @Test
    void should_refuse_a_header_announcing_more_entries_than_any_model_has() throws IOException {
        Path corrupt = copyOfTiny("corrupt.gguf");
        try (FileChannel channel = FileChannel.open(corrupt, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F}), 16);
        }

        assertThatThrownBy(() -> GgufFile.read(corrupt)).isInstanceOf(InvalidModelFile.class)
                .hasMessageContaining("not a valid GGUF model").hasMessageContaining("metadata entries");
    }

    @Test
    void should_name_a_missing_file() {
        assertThatThrownBy(() -> GgufFile.read(work.resolve("absent.gguf"))).isInstanceOf(InvalidModelFile.class)
                .hasMessageContaining("absent.gguf does not exist");
    }

    private Path copyOfTiny(String name) throws IOException {
        return Files.copy(TinyGguf.inTarget(), work.resolve(name));
    }
}
