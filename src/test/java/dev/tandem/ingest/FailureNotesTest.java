package dev.tandem.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rejected document's copy and note land in its failed folder, whatever its name says. */
class FailureNotesTest {

    @TempDir
    Path work;

    private final FailureNotes notes = new FailureNotes(new IngestStatus(new SimpleMeterRegistry(),
            new WatchedFolders(routeId -> true)));

    @Test
    void should_write_the_copy_and_the_note_under_the_name_s_folders() throws Exception {
        Path failed = work.resolve("failed");

        record("docs/2026/broken.pdf", failed);

        assertThat(failed.resolve("docs/2026/broken.pdf")).hasContent("%PDF-1.7 broken");
        assertThat(failed.resolve("docs/2026/broken.pdf.error.txt")).content()
                .contains("source: s3://bucket/docs/2026/broken.pdf", "reason: The file could not be parsed");
    }

    /** An S3 key is not a path: {@code ..} segments and a leading slash would write anywhere on the disk. */
    @Test
    void should_keep_the_copy_and_the_note_inside_the_failed_folder_whatever_the_key() throws Exception {
        Path failed = work.resolve("data/failed/s3/bucket");

        Files.createDirectories(failed.resolve("docs"));
        Path elsewhere = Files.createDirectories(work.resolve("elsewhere"));
        record("docs/../../../../../escaped.pdf", failed);
        record(elsewhere.resolve("absolute.pdf").toString(), failed);
        record("../..", failed);

        Path absoluteInside = failed.resolve(elsewhere.toString().substring(1)).resolve("absolute.pdf");
        try (Stream<Path> written = Files.walk(work)) {
            assertThat(written.filter(Files::isRegularFile)).containsExactlyInAnyOrder(
                    failed.resolve("docs/escaped.pdf"), failed.resolve("docs/escaped.pdf.error.txt"),
                    absoluteInside, absoluteInside.resolveSibling("absolute.pdf.error.txt"),
                    failed.resolve("unnamed"), failed.resolve("unnamed.error.txt"));
        }
    }

    /** File names stop at 255 bytes; an S3 key's segment may be 1,024, and a note adds ".error.txt" to the name. */
    @Test
    void should_give_a_name_too_long_for_a_file_a_shorter_one_that_keeps_its_start() throws Exception {
        Path failed = work.resolve("failed");
        String longest = "é".repeat(120) + "-note.md"; // 248 bytes: fits, its note does not
        String tooLong = "x".repeat(300) + ".pdf";

        record(longest, failed);
        record("reports/" + tooLong, failed);
        record("reports/" + "x".repeat(300) + "-other.pdf", failed);

        try (Stream<Path> written = Files.walk(failed)) {
            assertThat(written.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .hasSize(6).allMatch(name -> name.getBytes(StandardCharsets.UTF_8).length <= 255);
        }
        assertThat(failed.resolve(longest)).exists();
        assertThat(FailureNotes.fitted(longest, ".error.txt")).startsWith("é".repeat(115)).endsWith(".error.txt");
        assertThat(FailureNotes.fitted(tooLong, "")).startsWith("x".repeat(240)).matches(".*~[0-9a-f]{8}");
        assertThat(FailureNotes.fitted("short.md", ".error.txt")).isEqualTo("short.md.error.txt");
    }

    private void record(String key, Path failedDir) throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody("%PDF-1.7 broken".getBytes());
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT,
                new DocumentRejectedException("The file could not be parsed as application/pdf: broken"));
        notes.record(exchange, "s3://bucket/" + key, key, failedDir.toString(), true);
    }
}
