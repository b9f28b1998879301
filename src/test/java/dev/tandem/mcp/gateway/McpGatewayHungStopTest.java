package dev.tandem.mcp.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RunningTandem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upstream that takes the connection and never answers holds a gateway thread in its {@code initialize} until the
 * call's timeout. Stopping Tandem must not wait for it: Ctrl-C ends Tandem in seconds, whatever its upstreams do.
 */
class McpGatewayHungStopTest {

    @TempDir
    Path work;

    @Test
    void should_stop_promptly_while_an_upstream_never_answers_its_initialize() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Path config = work.resolve("mcp.json");
            new ObjectMapper().writeValue(config.toFile(), Map.of("mcpServers", Map.of("silent",
                    Map.of("url", "http://127.0.0.1:" + silent.getLocalPort() + "/mcp"))));
            RunningTandem tandem = RunningTandem.start(work.resolve("inbox"), work.resolve("data"),
                    Map.of("tandem.mcp.config", config.toString(), "tandem.mcp.upstream.timeout.ms", "60000"));
            await().atMost(Duration.ofSeconds(30)).until(() -> "starting".equals(
                    tandem.getJson("/api/mcp/servers").get("servers").get(0).get("state").asText()));

            long start = System.nanoTime();
            tandem.close();
            Duration stopping = Duration.ofNanos(System.nanoTime() - start);

            assertThat(stopping).as("time Tandem took to stop").isLessThan(Duration.ofSeconds(5));
        }
    }
}
