package dev.tandem.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a file's name may decide about its type, and what only its content decides. */
class DocumentParserTest {

    private final DocumentParser parser = new DocumentParser(1024 * 1024);

    private ParsedDocument parse(String name, byte[] content) {
        return parser.parse(content, "/inbox/" + name, name, 0L);
    }

    @Test
    void should_read_markdown_by_its_name_keeping_its_lines() {
        ParsedDocument doc = parse("guide.md", "# Quokka\n\n## Feeding\nLeaves.\n".getBytes(StandardCharsets.UTF_8));

        assertThat(doc.contentType()).isEqualTo("text/x-web-markdown");
        assertThat(doc.text()).isEqualTo("# Quokka\n\n## Feeding\nLeaves.");
    }

    @Test
    void should_not_read_an_image_as_markdown_because_of_its_name() throws Exception {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", png);

        assertThatThrownBy(() -> parse("diagram.md", png.toByteArray()))
                .isInstanceOf(DocumentRejectedException.class)
                .hasMessageContaining("No text found in this image/png file");
    }

    @Test
    void should_read_a_text_file_named_pdf_as_the_text_it_is() {
        ParsedDocument doc = parse("notes.pdf", "The wombat digs burrows.".getBytes(StandardCharsets.UTF_8));

        assertThat(doc.contentType()).isEqualTo("text/plain");
        assertThat(doc.text()).isEqualTo("The wombat digs burrows.");
    }

    @Test
    void should_read_a_pdf_by_its_name_when_it_carries_the_pdf_signature(@TempDir Path dir) throws Exception {
        Path file = Fixtures.pdf(dir.resolve("report.pdf"), "Bilby report", "The bilby digs at night.");

        ParsedDocument doc = parse("report.pdf", Files.readAllBytes(file));

        assertThat(doc.contentType()).isEqualTo("application/pdf");
        assertThat(doc.text()).contains("The bilby digs at night.");
    }

    @Test
    void should_read_a_utf8_markdown_file_whose_first_kilobytes_are_ascii_as_utf8() {
        String line = "Visitors call it \u201cthe happiest animal\u201d and buy cr\u00e8me br\u00fbl\u00e9e "
                + "at the caf\u00e9.";
        // Tika guesses from the start of a file: here about 20 KB of ASCII
        String markdown = "# Quokka\n\n" + "The quokka is a small marsupial of Rottnest Island.\n".repeat(400)
                + line + "\n";

        ParsedDocument doc = parse("quokka.md", markdown.getBytes(StandardCharsets.UTF_8));

        assertThat(doc.text()).endsWith(line);
    }

    @Test
    void should_still_read_a_latin1_text_file_as_latin1() {
        String text = "La cr\u00e8me br\u00fbl\u00e9e du caf\u00e9, \u00e0 c\u00f4t\u00e9 de la gare, "
                + "co\u00fbte deux euros.";

        ParsedDocument doc = parse("menu.txt", text.getBytes(StandardCharsets.ISO_8859_1));

        assertThat(doc.text()).isEqualTo(text);
    }

    @Test
    void should_read_utf8_when_a_character_straddles_the_end_of_the_checked_part() {
        String quoted = "\u201cthe happiest animal\u201d, at the caf\u00e9";
        byte[] content = ("a".repeat(Utf8FirstEncodingDetector.CHECKED_BYTES - 1) + quoted)
                .getBytes(StandardCharsets.UTF_8);

        ParsedDocument doc = new DocumentParser(4 * 1024 * 1024).parse(content, "/inbox/long.txt", "long.txt", 0L);

        assertThat(doc.text()).endsWith(quoted);
    }
}
