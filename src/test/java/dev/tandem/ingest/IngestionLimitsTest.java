package dev.tandem.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.RunningTandem;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingestion limits README promises, seen in the inbox and through the HTTP API: the size limit, encrypted files,
 * files still being written, and the number of documents in progress at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestionLimitsTest {

    private static final Duration INGESTED = Duration.ofSeconds(90);
    private static final int WORKERS = 2;
    /** What the watched folder's route can hold: the workers, their queue of four, and the poller's own file. */
    private static final int ROUTE_CAPACITY = WORKERS + 4 + 1;

    @TempDir
    static Path work;
    private Path inbox;
    private RunningTandem tandem;
    private final Gate gate = new Gate();

    @BeforeAll
    void start() throws Exception {
        inbox = work.resolve("inbox");
        tandem = RunningTandem.start(inbox, work.resolve("data"), Map.of(
                "tandem.ingest.max.file.mb", "1",
                "tandem.ingest.workers", Integer.toString(WORKERS)));
        // documents wait here, once a worker has them, while the worker-limit test holds them; open otherwise
        AdviceWith.adviceWith(tandem.context(), "ingest-files",
                route -> route.weaveByToUri("direct:ingest-document").before().process(e -> gate.pass()));
    }

    @AfterAll
    void stop() throws Exception {
        gate.open();
        tandem.close();
    }

    @Test
    void should_move_a_file_above_the_size_limit_to_failed_with_its_reason() throws Exception {
        String line = "The oversizedword elephant walks across the savannah every single morning.\n";
        Fixtures.text(inbox.resolve("huge.txt"), line.repeat(1_200_000 / line.length()));

        awaitMovedTo(".failed", "huge.txt");
        assertThat(Files.readString(inbox.resolve(".failed/huge.txt.error.txt")))
                .contains("source: " + inbox.resolve("huge.txt"))
                .contains("The file is 1.1 MB, more than the 1.0 MB allowed by TANDEM_INGEST_MAX_FILE_MB");
        assertThat(hitsFor("oversizedword")).isEmpty();
    }

    /**
     * A file of gigabytes (a disk image dropped among the notes) is refused on its size, unread: one over 2 GB cannot
     * even be held in memory, and reading it ended the worker with an error, the file locked in the inbox for good.
     */
    @Test
    void should_refuse_a_file_of_gigabytes_without_reading_it() throws Exception {
        try (RandomAccessFile sparse = new RandomAccessFile(inbox.resolve("disk.img").toFile(), "rw")) {
            sparse.setLength(3L << 30);
        }

        awaitMovedTo(".failed", "disk.img");
        assertThat(Files.readString(inbox.resolve(".failed/disk.img.error.txt")))
                .contains("The file is 3072.0 MB, more than the 1.0 MB allowed by TANDEM_INGEST_MAX_FILE_MB");
        await().atMost(INGESTED).until(() -> !inProgress(inbox.resolve("disk.img")));
    }

    @Test
    void should_move_an_empty_file_to_failed_saying_it_is_empty() throws Exception {
        Fixtures.text(inbox.resolve("empty.txt"), "");

        awaitMovedTo(".failed", "empty.txt");
        assertThat(Files.readString(inbox.resolve(".failed/empty.txt.error.txt")))
                .contains("source: " + inbox.resolve("empty.txt"))
                .contains("The file is empty: there is nothing to index.");
        await().atMost(INGESTED).until(() -> !inProgress(inbox.resolve("empty.txt")));
    }

    @Test
    void should_move_an_encrypted_pdf_to_failed_saying_it_is_encrypted() throws Exception {
        Path plain = Fixtures.pdf(work.resolve("plain.pdf"), "Secret plans", "The encryptedword vault opens at noon.");
        try (PDDocument doc = org.apache.pdfbox.Loader.loadPDF(plain.toFile())) {
            StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", "user-secret",
                    new AccessPermission());
            policy.setEncryptionKeyLength(128);
            doc.protect(policy);
            doc.save(inbox.resolve("secret.pdf").toFile());
        }

        awaitMovedTo(".failed", "secret.pdf");
        assertThat(Files.readString(inbox.resolve(".failed/secret.pdf.error.txt")))
                .contains("The document is encrypted; Tandem cannot read it without its password.");
        assertThat(hitsFor("encryptedword")).isEmpty();
    }

    @Test
    void should_read_a_file_still_being_written_only_once_it_stopped_changing() throws Exception {
        Path file = Fixtures.text(inbox.resolve("growing.md"), "# Growing\n\nThe firstgrowword opens the file.\n");
        long seenBefore = tandem.ingestStatus().get("seen").asLong();
        int appends = 30;
        CountDownLatch written = new CountDownLatch(appends);
        AtomicReference<Exception> moved = new AtomicReference<>();
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        try {
            // a slow writer: a line every 100 ms for 3 s; the file is never a second old until it is finished, with room
            // for a loaded machine to stall the writer
            writer.scheduleAtFixedRate(() -> {
                try {
                    long line = appends - written.getCount();
                    // no CREATE: if Tandem took the file away while it grew, this append fails
                    Files.writeString(file, "Line " + line + " about growmiddleword.\n", StandardOpenOption.APPEND);
                } catch (IOException e) {
                    moved.compareAndSet(null, e);
                }
                written.countDown();
            }, 100, 100, TimeUnit.MILLISECONDS);
            assertThat(written.await(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            writer.shutdownNow();
        }
        Files.writeString(file, "The lastgrowword closes the file.\n", StandardOpenOption.APPEND);

        assertThat(moved.get()).as("the file was taken while it was being written").isNull();
        awaitMovedTo(".done", "growing.md");
        String source = inbox.resolve("growing.md").toString();
        await().atMost(INGESTED).untilAsserted(() -> {
            assertThat(hitsFor("firstgrowword")).extracting(h -> h.get("source").asText()).containsExactly(source);
            assertThat(hitsFor("lastgrowword")).extracting(h -> h.get("source").asText()).containsExactly(source);
        });
        assertThat(tandem.ingestStatus().get("seen").asLong()).isEqualTo(seenBefore + 1);
    }

    /**
     * A file being written does not hold up the others: the poller gives up on it after 2 s and goes on (10 s before,
     * at every poll, for as long as the file grew). The bound leaves room for a loaded machine: the wait on the
     * growing file in the current poll and perhaps the next, a second of age, a poll and the pipeline take about 5 s.
     */
    @Test
    void should_read_other_files_while_one_is_still_being_written() throws Exception {
        Path growing = Fixtures.text(inbox.resolve("download.md"), "# Download\n\nThe slowgrowword begins.\n");
        AtomicReference<Exception> failed = new AtomicReference<>();
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        try {
            writer.scheduleAtFixedRate(() -> {
                try {
                    Files.writeString(growing, "More of the slow download.\n", StandardOpenOption.APPEND);
                } catch (IOException e) {
                    failed.compareAndSet(null, e);
                }
            }, 100, 100, TimeUnit.MILLISECONDS);
            // the poller waits on the growing file: the next file is for the next poll, whatever the listing order
            await().atMost(INGESTED).until(() -> inProgress(growing));
            Fixtures.text(inbox.resolve("quick.md"), "# Quick\n\nThe quickgrowword is short.\n");

            await().atMost(Duration.ofSeconds(8)).until(() -> Files.exists(inbox.resolve(".done/quick.md")));
            assertThat(failed.get()).as("the growing file was taken while it was being written").isNull();
            assertThat(growing).exists();
        } finally {
            writer.shutdownNow();
        }
        awaitMovedTo(".done", "download.md");
    }

    @Test
    void should_process_no_more_documents_at_once_than_the_configured_workers() throws Exception {
        gate.close();
        List<String> names = new ArrayList<>();
        try {
            for (int i = 0; i < ROUTE_CAPACITY + 1; i++) {
                names.add("worker-" + i + ".md");
                Fixtures.text(inbox.resolve(names.get(i)), "# Worker " + i + "\n\nThe workerword number " + i + ".\n");
            }
            // once the route holds all it can, the poller is stuck too: nothing more can start until the gate opens
            await().atMost(INGESTED).until(() -> tandem.context().getInflightRepository().size("ingest-files")
                    == ROUTE_CAPACITY);

            assertThat(gate.waiting()).as("documents in progress at once").isEqualTo(WORKERS);
        } finally {
            gate.open();
        }
        for (String name : names) {
            awaitMovedTo(".done", name);
        }
        await().atMost(INGESTED).until(() -> hitsFor("workerword").size() == names.size());
    }

    /**
     * Whether the folder's poller holds this file: listed by a poll and not yet let go (Camel's in-progress
     * repository; no lock file shows it on disk).
     */
    private boolean inProgress(Path file) {
        return tandem.context().getEndpoints().stream().filter(FileEndpoint.class::isInstance)
                .anyMatch(e -> ((FileEndpoint) e).getInProgressRepository().contains(file.toString()));
    }

    private void awaitMovedTo(String folder, String name) {
        await().atMost(INGESTED).until(() -> Files.exists(inbox.resolve(folder).resolve(name))
                && !Files.exists(inbox.resolve(name)));
    }

    private List<JsonNode> hitsFor(String word) throws Exception {
        JsonNode result = tandem.getJson("/api/search?mode=bm25&k=50&q=" + URLEncoder.encode(word,
                StandardCharsets.UTF_8));
        List<JsonNode> hits = new ArrayList<>();
        result.get("hits").forEach(hits::add);
        return hits;
    }

    /** Holds the documents that reach it while closed, and counts them. */
    private static final class Gate {
        private volatile CountDownLatch closed = new CountDownLatch(0);
        private final AtomicInteger waiting = new AtomicInteger();

        void pass() throws InterruptedException {
            waiting.incrementAndGet();
            try {
                closed.await();
            } finally {
                waiting.decrementAndGet();
            }
        }

        int waiting() {
            return waiting.get();
        }

        void close() {
            closed = new CountDownLatch(1);
        }

        void open() {
            closed.countDown();
        }
    }
}
