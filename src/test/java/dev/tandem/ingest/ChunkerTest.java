package dev.tandem.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ChunkerTest {

    private static AnalyzedDocument doc(String contentType, String text) {
        return new AnalyzedDocument("/x", "id", "T", "en", contentType, "h", text.length(), Instant.EPOCH, text);
    }

    private static int words(String s) {
        return s.strip().split("\\s+").length;
    }

    @Test
    void should_cut_long_text_into_overlapping_windows_without_cutting_a_word() {
        String text = IntStream.range(0, 500).mapToObj(i -> "word" + i).collect(Collectors.joining(" "));
        List<Chunk> chunks = new Chunker(100, 20).chunk(doc("text/plain", text));

        assertThat(chunks).hasSizeGreaterThanOrEqualTo(6);
        for (Chunk chunk : chunks) {
            assertThat(words(chunk.text())).isLessThanOrEqualTo(100);
            assertThat(chunk.text()).matches("word\\d+( word\\d+)*");
        }
        assertThat(chunks.get(0).text()).startsWith("word0 ").endsWith(" word99");
        assertThat(chunks.get(1).text()).startsWith("word80 ");
        assertThat(chunks.get(chunks.size() - 1).text()).endsWith("word499");
    }

    @Test
    void should_end_a_window_at_a_sentence_when_one_is_near() {
        String sentence = "alpha beta gamma delta epsilon zeta eta theta iota kappa.";
        String text = String.join(" ", Collections.nCopies(30, sentence));
        List<Chunk> chunks = new Chunker(95, 10).chunk(doc("text/plain", text));
        assertThat(chunks.get(0).text()).endsWith("kappa.");
        assertThat(words(chunks.get(0).text())).isEqualTo(90);
    }

    @Test
    void should_cut_markdown_at_headings_and_remember_the_heading_path() {
        String body = IntStream.range(0, 85).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
        String intro = IntStream.range(0, 20).mapToObj(i -> "intro" + i).collect(Collectors.joining(" "));
        String md = "# Guide\n\n" + intro + "\n\n## Install\n\n" + body + "\n\n```\n# not a heading\n```\n\n## Use\n\n" + body;
        List<Chunk> chunks = new Chunker(100, 10).chunk(doc("text/x-web-markdown", md));

        assertThat(chunks).extracting(Chunk::heading).containsExactly("Guide", "Guide > Install", "Guide > Use");
        assertThat(chunks.get(0).text()).startsWith("# Guide");
        assertThat(chunks.get(1).text()).startsWith("## Install").contains("# not a heading");
        assertThat(chunks.get(2).text()).startsWith("## Use");
    }

    @Test
    void should_put_small_sections_together() {
        String md = "# A\none\n## B\ntwo\n## C\nthree\n";
        List<Chunk> chunks = new Chunker(100, 10).chunk(doc("text/x-web-markdown", md));
        assertThat(chunks).hasSize(1);
        assertThat(chunks.get(0).heading()).isEqualTo("A");
        assertThat(Arrays.asList(chunks.get(0).text().split("\n"))).contains("# A", "one", "## B", "three");
    }

    @Test
    void should_give_the_model_the_title_and_heading_as_context() {
        assertThat(new Chunk("Setup", "Run it.").embeddingText("Guide")).isEqualTo("Guide\nSetup\nRun it.");
    }
}
