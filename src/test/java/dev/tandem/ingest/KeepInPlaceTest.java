package dev.tandem.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.tandem.RunningTandem;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With TANDEM_INGEST_KEEP=true files stay where they are; a restart finds them indexed and embeds nothing again. */
class KeepInPlaceTest {

    private static final Duration INGESTED = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @Test
    void should_leave_files_in_place_and_not_embed_them_again_after_a_restart() throws Exception {
        Path inbox = work.resolve("inbox");
        Map<String, String> keep = Map.of("tandem.ingest.keep", "true");
        String index = "test-keep";
        Fixtures.text(inbox.resolve("one.md"), "# One\n\nThe first lemurkeep note.\n");
        Fixtures.text(inbox.resolve("two.md"), "# Two\n\nThe second lemurkeep note.\n");

        try (RunningTandem tandem = RunningTandem.start(inbox, work.resolve("data"), index, keep)) {
            await().atMost(INGESTED).until(() -> tandem.ingestStatus().get("indexed").asInt() == 2);
            assertThat(inbox.resolve("one.md")).exists();
            assertThat(inbox.resolve("two.md")).exists();
            assertThat(inbox.resolve(".done")).doesNotExist();
        }

        try (RunningTandem restarted = RunningTandem.start(inbox, work.resolve("data"), index, keep)) {
            await().atMost(INGESTED).until(() -> restarted.ingestStatus().get("unchanged").asInt() == 2);
            assertThat(restarted.ingestStatus().get("indexed").asInt()).isZero();

            Fixtures.text(inbox.resolve("two.md"), "# Two\n\nThe second note now speaks of a fossakeep.\n");
            await().atMost(INGESTED).until(() -> restarted.ingestStatus().get("indexed").asInt() == 1);
            await().atMost(INGESTED).until(() ->
                    restarted.getJson("/api/search?mode=bm25&q=fossakeep").get("hits").size() == 1);
            assertThat(restarted.getJson("/api/search?mode=bm25&q=lemurkeep").get("hits")).hasSize(1);
        }
    }

    /**
     * A folder of more than a thousand files is read once, not at every poll: Camel's file consumer, when it leaves
     * files in place, remembers only the last 1,000 it read, so in a larger folder every poll read every file again.
     * (Empty files: each is read and rejected at once, with no model work, and each read counts as seen.)
     */
    @Test
    void should_read_each_file_of_a_folder_of_more_than_a_thousand_once() throws Exception {
        Path inbox = work.resolve("large");
        int files = 1_100;
        for (int i = 0; i < files; i++) {
            Fixtures.text(inbox.resolve("empty-" + i + ".txt"), "");
        }
        Configurator.setLevel(FailureNotes.class.getName(), Level.ERROR); // 1,100 rejections, a WARN each
        try (RunningTandem tandem = RunningTandem.start(inbox, work.resolve("large-data"), "test-keep-large",
                Map.of("tandem.ingest.keep", "true"))) {
            await().atMost(Duration.ofSeconds(120)).until(() -> tandem.ingestStatus().get("failed").asInt() >= files);
            // a file dropped after them is read at a later poll: every poll since the first could have read them again
            Fixtures.text(inbox.resolve("late.md"), "# Late\n\nThe late tarsierkeep note.\n");
            await().atMost(INGESTED).until(() -> tandem.ingestStatus().get("indexed").asInt() == 1);

            assertThat(tandem.ingestStatus().get("seen").asInt()).isEqualTo(files + 1);
        } finally {
            Configurator.setLevel(FailureNotes.class.getName(), Level.INFO);
        }
    }
}
