package dev.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.tandem.TandemApplication;
import dev.tandem.TestElasticsearch;
import dev.tandem.ingest.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code .env} end to end: Tandem launched as a user launches it, in a folder holding a {@code .env}. The
 * environment beats {@code .env}, which beats the defaults of application.properties.
 */
class DotEnvStartupTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path work;

    @Test
    void should_take_settings_from_the_dot_env_file_under_the_environment_and_over_the_defaults() throws Exception {
        int environmentPort = freePort();
        int dotEnvPort = freePort();
        String index = "test-dotenv-" + System.nanoTime();
        Files.writeString(work.resolve(".env"), String.join("\n",
                "# a user's .env",
                "TANDEM_HTTP_PORT=" + dotEnvPort,
                "TANDEM_ES_URL=" + TestElasticsearch.url(),
                "export TANDEM_ES_INDEX=" + index,
                "TANDEM_DATA_DIR='./data-from-dotenv'",
                ""));
        Path log = work.resolve("tandem.log");
        ProcessBuilder launch = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), TandemApplication.class.getName())
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        launch.environment().keySet().removeIf(name -> name.startsWith("TANDEM_"));
        launch.environment().put("TANDEM_HTTP_PORT", Integer.toString(environmentPort));
        Process tandem = launch.start();
        try {
            await().atMost(Duration.ofSeconds(180)).until(() -> {
                assertThat(tandem.isAlive()).as("Tandem exited; its output:\n%s", Files.readString(log)).isTrue();
                return status(environmentPort, "/observe/health") == 200;
            });

            // the environment won over .env; .env won over the defaults; the defaults hold where neither speaks
            assertThat(refused(dotEnvPort)).isTrue();
            List<String> lines = Files.readAllLines(log);
            String dataDir = work.resolve("data-from-dotenv").toRealPath().toString();
            assertThat(lines).anyMatch(l -> l.endsWith("http: 127.0.0.1:" + environmentPort))
                    .anyMatch(l -> l.endsWith("elasticsearch: " + TestElasticsearch.url()))
                    .anyMatch(l -> l.endsWith("data dir: " + dataDir))
                    .anyMatch(l -> l.endsWith("inbox: [./inbox]"));
            Fixtures.text(work.resolve("inbox").resolve("dotenv.md"), "# Dot env\n\nThe quenda lives in dotenvland.\n");
            await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(work.resolve("inbox/.done/dotenv.md")));
            assertThat(status(environmentPort, "/api/search?mode=bm25&q=dotenvland")).isEqualTo(200);
            assertThat(status(TestElasticsearch.url(), "/" + index + "-all-minilm-l6-v2-q/_count")).isEqualTo(200);
        } finally {
            tandem.destroy();
            if (!tandem.waitFor(30, TimeUnit.SECONDS)) {
                tandem.destroyForcibly();
            }
        }
    }

    private int status(int port, String path) throws IOException, InterruptedException {
        return status(URI.create("http://127.0.0.1:" + port), path);
    }

    private int status(URI base, String path) throws IOException, InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (ConnectException e) {
            return -1;
        }
    }

    private boolean refused(int port) throws InterruptedException, IOException {
        return status(port, "/observe/health") == -1;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
