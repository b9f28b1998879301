package dev.tandem.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.tandem.RunningTandem;
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
}
