package dev.tandem.mcp.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RunningTandem;
import dev.tandem.logging.CapturedLog;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Streamable HTTP upstream that stops is seen down by Tandem's ping, with no call made to it, in the server list and
 * in {@code /observe/health}; when it comes back on its port it is reconnected.
 */
class McpGatewayPingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void should_see_a_stopped_http_upstream_down_by_its_ping_and_reconnect_it_when_it_returns() throws Exception {
        try (UpstreamServers upstreams = UpstreamServers.install()) {
            String url = upstreams.startEverythingHttp();
            Path config = work.resolve("mcp.json");
            JSON.writeValue(config.toFile(), Map.of("mcpServers", Map.of("pinged", Map.of("type", "http", "url",
                    url))));
            try (RunningTandem tandem = RunningTandem.start(work.resolve("inbox"), work.resolve("data"), Map.of(
                    "tandem.mcp.config", config.toString(),
                    "tandem.mcp.upstream.ping.ms", "200",
                    "tandem.mcp.upstream.restart.max.ms", "1000"))) {
                await().atMost(Duration.ofSeconds(90)).until(() -> "ready".equals(server(tandem).get("state")
                        .asText()));
                assertThat(health(tandem).get("status").asText()).isEqualTo("UP");

                try (CapturedLog log = CapturedLog.start(Level.INFO)) {
                    upstreams.stopEverything(url);

                    await().atMost(Duration.ofSeconds(30)).until(() -> log.text().contains("MCP server pinged is down"));
                    // a ping in flight as the server stops sees its connection reset; one after, a refusal
                    assertThat(log.text()).containsAnyOf(
                            "MCP server pinged is down (a ping failed: it refused the connection)",
                            "MCP server pinged is down (a ping failed: it closed the connection)");
                }
                assertThat(server(tandem).get("state").asText()).isEqualTo("restarting");
                JsonNode check = health(tandem);
                assertThat(check.get("status").asText()).isEqualTo("DOWN");
                assertThat(check.get("message").asText()).contains("MCP server pinged is restarting");

                upstreams.restartEverythingHttp(url);

                await().atMost(Duration.ofSeconds(60)).until(() -> "ready".equals(server(tandem).get("state")
                        .asText()));
                assertThat(health(tandem).get("status").asText()).isEqualTo("UP");
                assertThat(tandem.post("/api/tools/pinged__echo", "application/json", "{\"message\":\"back\"}")
                        .body()).contains("Echo: back");
            }
        }
    }

    private static JsonNode server(RunningTandem tandem) throws IOException, InterruptedException {
        return tandem.getJson("/api/mcp/servers").get("servers").get(0);
    }

    private static JsonNode health(RunningTandem tandem) throws IOException, InterruptedException {
        for (JsonNode check : JSON.readTree(tandem.get("/observe/health").body()).get("checks")) {
            if (check.get("name").asText().equals("mcp-upstream-pinged")) {
                return check;
            }
        }
        throw new AssertionError("no health check for the upstream pinged");
    }
}
