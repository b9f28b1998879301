package dev.tandem.mcp.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RunningTandem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tandem's stdio upstreams are its children: they end when it stops, none is left behind. */
class McpGatewayShutdownTest {

    @TempDir
    Path work;

    @Test
    void should_end_every_stdio_upstream_when_tandem_stops() throws Exception {
        try (UpstreamServers upstreams = UpstreamServers.install()) {
            Path config = work.resolve("mcp.json");
            new ObjectMapper().writeValue(config.toFile(), Map.of("mcpServers", Map.of(
                    "first", upstreams.everythingStdio(Map.of(), "tandem-test-stop-first"),
                    "second", upstreams.everythingStdio(Map.of(), "tandem-test-stop-second"))));
            List<ProcessHandle> children;
            try (RunningTandem tandem = RunningTandem.start(work.resolve("inbox"), work.resolve("data"),
                    Map.of("tandem.mcp.config", config.toString()))) {
                await().atMost(Duration.ofSeconds(90)).until(() -> allReady(tandem.getJson("/api/mcp/servers")));
                children = List.of(UpstreamServers.process("tandem-test-stop-first").orElseThrow(),
                        UpstreamServers.process("tandem-test-stop-second").orElseThrow());
                assertThat(children).allMatch(ProcessHandle::isAlive);
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
        }
    }

    private static boolean allReady(JsonNode report) {
        JsonNode servers = report.get("servers");
        boolean ready = servers.size() == 2;
        for (JsonNode server : servers) {
            ready &= "ready".equals(server.get("state").asText());
        }
        return ready;
    }
}
