package dev.tandem.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.tandem.RunningTandem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watched folder is one Tandem's. Two watching one inbox lost files (the second, starting, deleted the first's read
 * locks as left over, both read a file, and the second move deleted the first's copy): now the second leaves the
 * folder alone and says why.
 */
class SharedInboxTest {

    @TempDir
    Path work;

    @Test
    void should_leave_an_inbox_another_tandem_watches_lose_no_file_and_let_it_go_on_stop() throws Exception {
        Path inbox = work.resolve("inbox");
        try (RunningTandem first = RunningTandem.start(inbox, work.resolve("data-1"), Map.of());
                CapturedLog log = CapturedLog.of(IngestSources.class);
                RunningTandem second = RunningTandem.start(inbox, work.resolve("data-2"), Map.of())) {
            assertThat(first.context().getRoute("ingest-files")).isNotNull();
            assertThat(second.context().getRoute("ingest-files")).isNull();
            assertThat(log.events()).extracting(e -> e.getMessage().getFormattedMessage()).containsExactly(
                    "Not watching " + inbox + ": another Tandem in this process watches it (it holds "
                            + inbox.resolve(FolderClaim.FILE_NAME) + "). A watched folder is one Tandem's: give this"
                            + " one a TANDEM_INBOX of its own, or post files to /api/inbox.");

            for (int i = 0; i < 20; i++) {
                Fixtures.text(inbox.resolve("shared-" + i + ".md"), "# Shared " + i + "\n\nThe sharedwombat number " + i
                        + " digs.\n");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> IntStream.range(0, 20)
                    .allMatch(i -> Files.exists(inbox.resolve(".done/shared-" + i + ".md"))));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(first
                    .getJson("/api/search?q=sharedwombat&mode=bm25&k=50").path("hits")).hasSize(20));
        }
        try (RunningTandem next = RunningTandem.start(inbox, work.resolve("data-3"), Map.of())) {
            assertThat(next.context().getRoute("ingest-files")).as("the first let the inbox go when it stopped")
                    .isNotNull();
        }
    }

    @Test
    void should_leave_an_inbox_another_process_watches_and_take_it_once_that_process_ended() throws Exception {
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        FolderClaimHolder.Child other = FolderClaimHolder.start(inbox);
        assertThat(other.said()).isEqualTo("claimed");
        try (CapturedLog log = CapturedLog.of(IngestSources.class);
                RunningTandem tandem = RunningTandem.start(inbox, work.resolve("data-1"), Map.of())) {
            assertThat(tandem.context().getRoute("ingest-files")).isNull();
            assertThat(log.events()).extracting(e -> e.getMessage().getFormattedMessage()).singleElement()
                    .asString().startsWith("Not watching " + inbox + ": Tandem pid " + other.process().pid() + " on "
                            + InetAddress.getLocalHost().getHostName() + " watches it");
        } finally {
            other.process().destroyForcibly();
            assertThat(other.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (RunningTandem tandem = RunningTandem.start(inbox, work.resolve("data-2"), Map.of())) {
            assertThat(tandem.context().getRoute("ingest-files")).isNotNull();
        }
    }
}
