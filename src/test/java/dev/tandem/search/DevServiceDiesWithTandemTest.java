package dev.tandem.search;

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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.tandem.TandemApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Tandem started as users start it, in a JVM of its own with the Elasticsearch dev service, then killed with
 * SIGKILL (no shutdown hook runs): the node and every process under it must end by themselves.
 */
class DevServiceDiesWithTandemTest {

    // under target/, not a 0700 temporary folder: the node may run as another user, who must enter the folders
    private final Path work = Path.of("target", "test-kill-" + System.nanoTime()).toAbsolutePath();
    private final List<ProcessHandle> started = new ArrayList<>();

    @AfterEach
    void cleanUp() throws IOException {
        started.forEach(ProcessHandle::destroyForcibly); // only what outlived a failed assertion
        if (Files.exists(work)) {
            try (Stream<Path> paths = Files.walk(work)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void should_stop_the_elasticsearch_dev_service_when_tandem_is_killed_with_sigkill() throws Exception {
        Files.createDirectories(work.resolve("inbox"));
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("tmp")),
                "-cp", System.getProperty("java.class.path"), TandemApplication.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("tandem.log").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("TANDEM_"));
        env.put("TANDEM_HTTP_PORT", Integer.toString(port));
        env.put("TANDEM_DATA_DIR", work.resolve("data").toString());
        env.put("TANDEM_INBOX", work.resolve("inbox").toString());
        env.put("TANDEM_ES_HEAP", "256m");
        Process tandem = builder.start();
        started.add(tandem.toHandle());

        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .failFast("Tandem exited; see " + work.resolve("tandem.log"), () -> !tandem.isAlive())
                .until(() -> answers(http, port));
        List<ProcessHandle> node = nodeProcesses();
        started.addAll(node);
        assertThat(node).as("the node's JVMs").anyMatch(p -> p.info().command().orElse("").endsWith("java"));

        tandem.destroyForcibly(); // SIGKILL
        assertThat(tandem.waitFor(30, TimeUnit.SECONDS)).isTrue();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(node).noneMatch(ProcessHandle::isAlive));
    }

    private static boolean answers(HttpClient http, int port) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The process the dev service started (its pid file's first line) and every process under it. */
    private List<ProcessHandle> nodeProcesses() throws IOException {
        long root = Long.parseLong(Files.readAllLines(work.resolve("data/elasticsearch/elasticsearch.pid")).get(0)
                .strip());
        List<ProcessHandle> processes = new ArrayList<>();
        processes.add(ProcessHandle.of(root).orElseThrow());
        ProcessHandle.of(root).orElseThrow().descendants().forEach(processes::add);
        return processes;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
