package dev.tandem.mcp.gateway;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.RunningTandem;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * What the gateway tests read, as users see it: every tool a client is offered (all pages), a tool result's text, a
 * server of {@code GET /api/mcp/servers}, a check of {@code /observe/health}.
 */
final class GatewayViews {

    private GatewayViews() {
    }

    static List<McpSchema.Tool> allTools(McpSyncClient client) {
        List<McpSchema.Tool> tools = new ArrayList<>();
        String cursor = null;
        do {
            McpSchema.ListToolsResult page = client.listTools(cursor);
            tools.addAll(page.tools());
            cursor = page.nextCursor();
        } while (cursor != null);
        return tools;
    }

    static String text(McpSchema.CallToolResult result) {
        return result.content().stream().filter(c -> c instanceof McpSchema.TextContent)
                .map(c -> ((McpSchema.TextContent) c).text()).reduce("", String::concat);
    }

    static JsonNode healthCheck(JsonNode checks, String name) {
        for (JsonNode check : checks) {
            if (check.get("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no health check " + name + " in " + checks);
    }

    /** The server as {@code GET /api/mcp/servers} lists it; empty while a reload has not read it yet. */
    static Optional<JsonNode> server(RunningTandem tandem, String name) throws IOException, InterruptedException {
        for (JsonNode server : tandem.getJson("/api/mcp/servers").get("servers")) {
            if (server.get("name").asText().equals(name)) {
                return Optional.of(server);
            }
        }
        return Optional.empty();
    }

    /** Waits until the server is listed in this state. */
    static void awaitState(RunningTandem tandem, String name, String state) {
        await().atMost(Duration.ofSeconds(90)).until(() -> server(tandem, name).map(s -> s.get("state").asText())
                .filter(state::equals).isPresent());
    }
}
