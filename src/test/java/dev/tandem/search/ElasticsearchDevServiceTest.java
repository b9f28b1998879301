package dev.tandem.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.tandem.config.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dev service and a data directory another Tandem used: still running, or killed with its node left behind. */
class ElasticsearchDevServiceTest {

    @TempDir
    Path work;

    @Test
    void should_refuse_a_data_directory_whose_tandem_still_runs_instead_of_stopping_its_node() throws Exception {
        // another JVM that stays up until its input closes, standing in for the first Tandem (run from source)
        Path program = Files.writeString(work.resolve("Waits.java"),
                "class Waits { public static void main(String[] a) throws Exception { System.in.read(); } }");
        Process otherTandem = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                program.toString()).start();
        Path data = work.resolve("data");
        ElasticsearchDevService second = new ElasticsearchDevService(Optional.empty(), data, "512m");
        try {
            Files.createDirectories(data.resolve("elasticsearch"));
            Files.writeString(data.resolve("elasticsearch").resolve("elasticsearch.pid"),
                    otherTandem.pid() + "\n" + otherTandem.pid());

            assertThatThrownBy(second::launch)
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("still running (pid " + otherTandem.pid() + ")")
                    .hasMessageContaining("TANDEM_DATA_DIR");
        } finally {
            second.close(); // stops a node only if the refusal failed and one was started
            otherTandem.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void should_stop_the_node_a_killed_tandem_left_behind_and_start_its_own_on_the_same_data() throws Exception {
        // under target/, not a 0700 temporary folder: the node may run as another user, who must enter the folders
        Path data = Path.of("target", "test-leftover-elasticsearch-" + System.nanoTime()).toAbsolutePath();
        ElasticsearchDevService killedTandems = new ElasticsearchDevService(Optional.empty(), data, "256m");
        ElasticsearchDevService next = new ElasticsearchDevService(Optional.empty(), data, "256m");
        HttpClient http = HttpClient.newHttpClient();
        try {
            URI first = killedTandems.start();
            assertThat(send(http, HttpRequest.newBuilder(first.resolve("/kept/_doc/1?refresh=true"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"note\": \"written before the kill\"}"))).statusCode())
                    .isEqualTo(201);
            // the Tandem that started the node is gone (a process that has ended); its node still runs
            Path pidFile = data.resolve("elasticsearch").resolve("elasticsearch.pid");
            ProcessHandle leftover = ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).get(0).strip()))
                    .orElseThrow();
            Process gone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-version").start();
            gone.waitFor(60, TimeUnit.SECONDS);
            Files.writeString(pidFile, leftover.pid() + "\n" + gone.pid());

            URI second = next.start();

            assertThat(leftover.isAlive()).isFalse();
            HttpResponse<String> kept = send(http, HttpRequest.newBuilder(second.resolve("/kept/_doc/1")).GET());
            assertThat(kept.statusCode()).isEqualTo(200);
            assertThat(kept.body()).contains("written before the kill");
            assertThat(Files.readAllLines(pidFile).get(1).strip()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        } finally {
            next.close();
            killedTandems.close();
            deleteRecursively(data);
        }
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
