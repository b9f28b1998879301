package dev.tandem.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.TandemApplication;
import dev.tandem.TestElasticsearch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tandem killed with SIGKILL in the middle of ingesting a few hundred files, then started again: every file ends up
 * indexed exactly once (one chunk each, so the index holds as many chunks as there were files), none in .failed.
 * A separate process, since a kill -9 cannot be played inside the test's own JVM.
 */
class KillDuringIngestionTest {

    private static final int FILES = 400;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path work;

    @Test
    void should_lose_and_duplicate_nothing_when_killed_during_ingestion_and_restarted() throws Exception {
        Path inbox = Files.createDirectories(work.resolve("inbox"));
        for (int i = 0; i < FILES; i++) {
            Files.writeString(inbox.resolve("note-" + i + ".txt"), "Field note " + i + ": the marker word is kiwi" + i
                    + " and the weather was fine.");
        }
        String index = "test-kill-" + System.nanoTime();

        Process first = launch(inbox, index);
        long doneAtKill;
        try {
            await().atMost(Duration.ofSeconds(240)).until(() -> {
                assertThat(first.isAlive()).as("Tandem exited: %s", Files.readString(work.resolve("tandem.log")))
                        .isTrue();
                return done(inbox) >= 20;
            });
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful stop
            first.waitFor(30, TimeUnit.SECONDS);
        }
        doneAtKill = done(inbox);
        assertThat(doneAtKill).as("killed in the middle").isLessThan(FILES);

        Process second = launch(inbox, index);
        try {
            await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(500)).until(() -> {
                assertThat(second.isAlive()).isTrue();
                return done(inbox) == FILES;
            });
            assertThat(waiting(inbox)).as("files left in the inbox").isZero();
            assertThat(failed(inbox)).as("files in .failed").isZero();
            assertThat(chunks(index)).as("chunks in the index, one per file").isEqualTo(FILES);
        } finally {
            second.destroy();
            if (!second.waitFor(30, TimeUnit.SECONDS)) {
                second.destroyForcibly();
            }
        }
    }

    private Process launch(Path inbox, String index) throws IOException {
        ProcessBuilder launch = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), TandemApplication.class.getName())
                .directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("tandem.log").toFile()));
        launch.environment().keySet().removeIf(name -> name.startsWith("TANDEM_"));
        launch.environment().put("TANDEM_HTTP_PORT", Integer.toString(freePort()));
        launch.environment().put("TANDEM_ES_URL", TestElasticsearch.url().toString());
        launch.environment().put("TANDEM_ES_INDEX", index);
        launch.environment().put("TANDEM_INBOX", inbox.toString());
        launch.environment().put("TANDEM_DATA_DIR", work.resolve("data").toString());
        return launch.start();
    }

    private static long done(Path inbox) throws IOException {
        return count(inbox.resolve(".done"));
    }

    private static long failed(Path inbox) throws IOException {
        return count(inbox.resolve(".failed"));
    }

    private static long waiting(Path inbox) throws IOException {
        return count(inbox);
    }

    private static long count(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(".txt")).count();
        }
    }

    private long chunks(String index) throws Exception {
        URI es = TestElasticsearch.url();
        String name = index + "-all-minilm-l6-v2-q";
        http.send(HttpRequest.newBuilder(es.resolve("/" + name + "/_refresh")).POST(HttpRequest.BodyPublishers
                .noBody()).build(), HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> count = http.send(HttpRequest.newBuilder(es.resolve("/" + name + "/_count")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(count.body()).get("count").asLong();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
