package dev.tandem.mcp.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.TandemApplication;
import dev.tandem.TestElasticsearch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tandem started as users start it, in a JVM of its own, then killed with SIGKILL (no shutdown hook runs): its stdio
 * upstreams must not outlive it.
 */
class McpGatewayKillTest {

    @TempDir
    Path work;
    private final List<ProcessHandle> started = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        started.forEach(ProcessHandle::destroyForcibly); // only what outlived a failed assertion
    }

    @Test
    void should_end_its_stdio_upstreams_when_tandem_is_killed_with_sigkill() throws Exception {
        try (UpstreamServers upstreams = UpstreamServers.install()) {
            Path config = work.resolve("mcp.json");
            new ObjectMapper().writeValue(config.toFile(), Map.of("mcpServers", Map.of(
                    "orphan", upstreams.everythingStdio(Map.of(), "tandem-test-orphan"))));
            int port = UpstreamServers.freePort();
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx512m", "-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("tmp")),
                    "-cp", System.getProperty("java.class.path"), TandemApplication.class.getName())
                    .directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("tandem.log").toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("TANDEM_"));
            env.put("TANDEM_HTTP_PORT", Integer.toString(port));
            env.put("TANDEM_DATA_DIR", work.resolve("data").toString());
            env.put("TANDEM_INBOX", Files.createDirectories(work.resolve("inbox")).toString());
            env.put("TANDEM_ES_URL", TestElasticsearch.url().toString());
            env.put("TANDEM_ES_INDEX", "test-" + UUID.randomUUID().toString().substring(0, 8));
            env.put("TANDEM_MCP_CONFIG", config.toString());
            Process tandem = builder.start();
            started.add(tandem.toHandle());

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .failFast("Tandem exited; see " + work.resolve("tandem.log"), () -> !tandem.isAlive())
                    .until(() -> servers(http, port).contains("\"state\":\"ready\""));
            ProcessHandle child = UpstreamServers.process("tandem-test-orphan").orElseThrow();
            started.add(child);

            tandem.destroyForcibly(); // SIGKILL
            assertThat(tandem.waitFor(30, TimeUnit.SECONDS)).isTrue();

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !child.isAlive());
        }
    }

    private static String servers(HttpClient http, int port) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/mcp/servers"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
