package dev.tandem.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.tandem.RunningTandem;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watched folder is one Tandem's. Two watching one inbox lost files (the second, starting, deleted the first's read
 * locks as left over, both read a file, and the second move deleted the first's copy): now the second leaves the
 * folder alone, says why, and takes it over when the first stops.
 */
class SharedInboxTest {

    /** The standby's tries, and a start of the route after the last. */
    private static final Duration TAKEN_OVER = FolderStandby.RETRY.multipliedBy(3);

    @TempDir
    Path work;

    @Test
    void should_leave_an_inbox_another_tandem_watches_lose_no_file_and_take_it_over_when_that_one_stops()
            throws Exception {
        Path inbox = work.resolve("inbox");
        RunningTandem first = RunningTandem.start(inbox, work.resolve("data-1"), Map.of());
        try (CapturedLog log = CapturedLog.of(IngestSources.class);
                CapturedLog standby = CapturedLog.of(FolderStandby.class);
                RunningTandem second = RunningTandem.start(inbox, work.resolve("data-2"), Map.of())) {
            assertThat(watches(first)).isEqualTo(ServiceStatus.Started);
            assertThat(watches(second)).isEqualTo(ServiceStatus.Stopped);
            assertThat(folders(first)).isEqualTo("[{\"folder\":\"" + inbox + "\",\"watching\":true}]");
            assertThat(folders(second)).isEqualTo("[{\"folder\":\"" + inbox + "\",\"watching\":false,"
                    + "\"held_by\":\"another Tandem in this process\"}]");
            assertThat(messages(log)).containsExactly("Not watching " + inbox + " while another Tandem in this process"
                    + " does (it holds " + inbox.resolve(FolderClaim.FILE_NAME) + "): a watched folder is one"
                    + " Tandem's. This one takes it over when that one stops.");

            for (int i = 0; i < 20; i++) {
                Fixtures.text(inbox.resolve("shared-" + i + ".md"), "# Shared " + i + "\n\nThe sharedwombat number " + i
                        + " digs.\n");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> IntStream.range(0, 20)
                    .allMatch(i -> Files.exists(inbox.resolve(".done/shared-" + i + ".md"))));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(first
                    .getJson("/api/search?q=sharedwombat&mode=bm25&k=50").path("hits")).hasSize(20));

            first.close();
            await().atMost(TAKEN_OVER).until(() -> watches(second) == ServiceStatus.Started);
            assertThat(folders(second)).isEqualTo("[{\"folder\":\"" + inbox + "\",\"watching\":true}]");
            assertThat(messages(standby)).containsExactly("Now watching " + inbox + ": the Tandem that watched it let"
                    + " it go.");
            Fixtures.text(inbox.resolve("after.md"), "# After\n\nThe takenoverwombat digs on.\n");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(second
                    .getJson("/api/search?q=takenoverwombat&mode=bm25").path("hits")).hasSize(1));
        } finally {
            first.close();
        }
    }

    @Test
    void should_leave_an_inbox_another_process_watches_and_take_it_over_when_that_process_is_killed()
            throws Exception {
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        FolderClaimHolder.Child other = FolderClaimHolder.start(inbox);
        assertThat(other.said()).isEqualTo("claimed");
        try (CapturedLog log = CapturedLog.of(IngestSources.class);
                RunningTandem tandem = RunningTandem.start(inbox, work.resolve("data"), Map.of())) {
            assertThat(watches(tandem)).isEqualTo(ServiceStatus.Stopped);
            assertThat(messages(log)).singleElement().asString().startsWith("Not watching " + inbox + " while Tandem pid "
                    + other.process().pid() + " on " + InetAddress.getLocalHost().getHostName() + " does");
            assertThat(tandem.getJson("/api/ingest/status").at("/folders/0/held_by").asText()).isEqualTo("Tandem pid "
                    + other.process().pid() + " on " + InetAddress.getLocalHost().getHostName());

            other.process().destroyForcibly(); // SIGKILL: it cannot let go itself; the system does
            assertThat(other.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            await().atMost(TAKEN_OVER).until(() -> watches(tandem) == ServiceStatus.Started);
        } finally {
            other.process().destroyForcibly();
        }
    }

    /** The watched folders as {@code GET /api/ingest/status} shows them. */
    private static String folders(RunningTandem tandem) throws Exception {
        return tandem.getJson("/api/ingest/status").get("folders").toString();
    }

    private static ServiceStatus watches(RunningTandem tandem) {
        return tandem.context().getRouteController().getRouteStatus("ingest-files");
    }

    private static List<String> messages(CapturedLog log) {
        return log.events().stream().map(e -> e.getMessage().getFormattedMessage()).toList();
    }
}
