package dev.tandem.mcp.gateway;

import static dev.tandem.mcp.gateway.GatewayViews.healthCheck;
import static dev.tandem.mcp.gateway.GatewayViews.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RunningTandem;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstreams of both MCP eras behind Tandem, seen by a 2025-11-25 client (the MCP Java SDK's): servers of the
 * TypeScript SDK v2 that speak only 2026-07-28, and server-everything, which speaks only the 2025 handshake. Each
 * server's era is found out by {@code protocol: auto}, or fixed in mcp.json.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpGatewayErasTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    private UpstreamServers legacyServers;
    private ModernUpstreamServers modernServers;
    private RunningTandem tandem;
    private GatewayClient mcp;
    private McpSyncClient client;
    private String doomedUrl;

    @BeforeAll
    void start() throws Exception {
        legacyServers = UpstreamServers.install();
        modernServers = ModernUpstreamServers.install();
        String modernUrl = modernServers.start(60_000);
        String legacyUrl = legacyServers.startEverythingHttp();
        doomedUrl = modernServers.start(60_000);
        Map<String, Object> servers = new LinkedHashMap<>();
        servers.put("modern", Map.of("type", "http", "url", modernUrl, "maxRounds", 2));
        servers.put("legacy", Map.of("type", "http", "url", legacyUrl));
        servers.put("doomed", Map.of("type", "http", "url", doomedUrl));
        servers.put("steady", Map.of("type", "http", "url", modernServers.start(60_000), "protocol", "2026-07-28"));
        servers.put("quick", Map.of("type", "http", "url", modernServers.start(0)));
        servers.put("forced", Map.of("type", "http", "url", legacyUrl, "protocol", "2026-07-28"));
        servers.put("old", Map.of("type", "http", "url", modernUrl, "protocol", "2025-11-25"));
        Path config = work.resolve("mcp.json");
        JSON.writeValue(config.toFile(), Map.of("mcpServers", servers));
        tandem = RunningTandem.start(work.resolve("inbox"), work.resolve("data"), Map.of(
                "tandem.mcp.config", config.toString(),
                "tandem.mcp.upstream.restart.max.ms", "600000"));
        for (String ready : List.of("modern", "legacy", "doomed", "steady", "quick")) {
            awaitState(ready, "ready");
        }
        mcp = GatewayClient.connect(tandem, null);
        client = mcp.sdk();
    }

    @AfterAll
    void stop() throws Exception {
        if (mcp != null) {
            mcp.close();
        }
        if (tandem != null) {
            tandem.close();
        }
        modernServers.close();
        legacyServers.close();
    }

    @Test
    void should_offer_a_modern_upstreams_tools_as_server_and_tool_to_a_legacy_client() throws Exception {
        McpSchema.CallToolResult echoed = call("modern__echo", Map.of("message", "hello"));

        assertThat(text(echoed)).isEqualTo("Echo: hello");
        assertThat(allTools()).extracting(McpSchema.Tool::name).contains("modern__echo", "modern__delete_item",
                "modern__regional", "legacy__echo", "steady__echo");
        assertThat(server("modern").get("protocolVersion").asText()).isEqualTo("2026-07-28");
    }

    @Test
    void should_pick_each_servers_era_with_protocol_auto() throws Exception {
        assertThat(server("modern").get("protocolVersion").asText()).isEqualTo("2026-07-28");
        assertThat(server("legacy").get("protocolVersion").asText()).isEqualTo("2025-11-25");
        assertThat(text(call("legacy__echo", Map.of("message", "old friend")))).isEqualTo("Echo: old friend");
    }

    @Test
    void should_fail_a_server_that_does_not_speak_the_revision_mcp_json_fixes() throws Exception {
        awaitState("forced", "failed");
        awaitState("old", "failed");

        assertThat(server("forced").get("lastError").asText()).contains(
                "did not answer server/discover as an MCP 2026-07-28 server");
        assertThat(server("old").get("lastError").asText()).contains("Unsupported protocol version: 2025-11-25");
        assertThat(allTools()).extracting(McpSchema.Tool::name).noneMatch(name -> name.startsWith("forced__")
                || name.startsWith("old__"));
    }

    @Test
    void should_leave_out_a_tool_whose_x_mcp_header_marks_are_invalid() {
        assertThat(allTools()).extracting(McpSchema.Tool::name).contains("modern__regional")
                .doesNotContain("modern__bad_header");
    }

    @Test
    void should_send_the_arguments_a_tool_marks_with_x_mcp_header_as_headers() {
        // the server refuses the call when the Mcp-Param-Region header is missing or differs from the argument
        assertThat(text(call("modern__regional", Map.of("region", "eu-west-1", "query", "rates"))))
                .isEqualTo("rates in eu-west-1 (header eu-west-1)");
        assertThat(text(call("modern__regional", Map.of("region", "Zürich", "query", "rates"))))
                .startsWith("rates in Zürich (header =?base64?");
    }

    @Test
    void should_ask_the_caller_when_a_modern_upstream_needs_input_and_finish_the_call_with_the_answer() {
        mcp.answerElicitations(new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("confirm",
                true)));

        McpSchema.CallToolResult result = call("modern__delete_item", Map.of("item", "report.txt"));

        assertThat(text(result)).isEqualTo("deleted report.txt");
        assertThat(mcp.elicitations()).contains("Delete report.txt?");
    }

    @Test
    void should_send_the_callers_refusal_to_a_modern_upstream_that_asked_for_input() {
        mcp.answerElicitations(new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.DECLINE, null));

        McpSchema.CallToolResult result = call("modern__delete_item", Map.of("item", "budget.xlsx"));

        assertThat(text(result)).isEqualTo("kept budget.xlsx (decline)");
        assertThat(mcp.elicitations()).contains("Delete budget.xlsx?");
    }

    @Test
    void should_decline_for_a_caller_that_cannot_answer_a_modern_upstreams_question() throws Exception {
        var response = tandem.post("/api/tools/modern__delete_item", "application/json", "{\"item\": \"notes.md\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("kept notes.md (decline)");
        assertThat(mcp.elicitations()).doesNotContain("Delete notes.md?");
    }

    @Test
    void should_stop_a_call_that_keeps_asking_for_input_after_the_servers_max_rounds() {
        mcp.answerElicitations(new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of()));
        int before = (int) mcp.elicitations().stream().filter("Once more?"::equals).count();

        McpSchema.CallToolResult result = call("modern__ask_forever", Map.of());

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).isEqualTo("The MCP server modern still asked for input after 2 rounds; the call"
                + " was stopped.");
        assertThat(mcp.elicitations().stream().filter("Once more?"::equals).count()).isEqualTo(before + 2);
    }

    @Test
    void should_relay_the_progress_a_modern_upstream_streams_to_its_caller_under_the_callers_token() {
        McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder().name(
                "modern__count_steps").arguments(Map.of("steps", 3)).progressToken("caller-token-9").build());

        assertThat(text(result)).isEqualTo("counted 3 steps");
        await().atMost(Duration.ofSeconds(10)).until(() -> mcp.progress().size() >= 3);
        assertThat(mcp.progress()).extracting(McpSchema.ProgressNotification::progressToken)
                .containsOnly("caller-token-9");
        // sent back to back: the SDK clients hand each notification to its consumer on a thread of its own
        assertThat(mcp.progress()).extracting(McpSchema.ProgressNotification::message)
                .containsExactlyInAnyOrder("step 1", "step 2", "step 3");
    }

    @Test
    void should_tell_legacy_clients_when_a_modern_upstream_announces_new_tools() {
        String added = text(call("modern__add_tool", Map.of("announce", true)));

        await().atMost(Duration.ofSeconds(30)).until(() -> mcp.listChanges().stream().anyMatch(tools -> tools.stream()
                .anyMatch(t -> t.name().equals("modern__" + added))));
        assertThat(text(call("modern__" + added, Map.of()))).isEqualTo(added + " ran");
    }

    @Test
    void should_list_a_modern_upstreams_tools_again_when_its_listing_went_stale_and_not_before() {
        int steadyBefore = Integer.parseInt(text(call("steady__tool_lists", Map.of())));
        int quickBefore = Integer.parseInt(text(call("quick__tool_lists", Map.of())));

        for (int i = 0; i < 3; i++) {
            call("steady__echo", Map.of("message", "fresh"));
            call("quick__echo", Map.of("message", "stale"));
        }

        // quick's listings are stale at once (ttlMs 0): each use asks for a new one; steady's last a minute
        await().atMost(Duration.ofSeconds(30)).until(() -> Integer.parseInt(text(call("quick__tool_lists",
                Map.of()))) > quickBefore + 1);
        assertThat(Integer.parseInt(text(call("steady__tool_lists", Map.of())))).isEqualTo(steadyBefore);
    }

    @Test
    void should_show_a_modern_upstream_that_died_as_down_while_the_others_go_on() throws Exception {
        assertThat(text(call("doomed__echo", Map.of("message", "still here")))).isEqualTo("Echo: still here");

        modernServers.kill(doomedUrl);
        McpSchema.CallToolResult lost = call("doomed__echo", Map.of("message", "hello"));

        assertThat(lost.isError()).isTrue();
        assertThat(text(lost)).contains("The MCP server doomed failed on echo: it refused the connection");
        JsonNode checks = JSON.readTree(tandem.get("/observe/health").body()).get("checks");
        assertThat(healthCheck(checks, "mcp-upstream-doomed").get("status").asText()).isEqualTo("DOWN");
        assertThat(healthCheck(checks, "mcp-upstream-modern").get("status").asText()).isEqualTo("UP");
        assertThat(text(call("modern__echo", Map.of("message", "on we go")))).isEqualTo("Echo: on we go");
    }

    private McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
        return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
    }

    private List<McpSchema.Tool> allTools() {
        return GatewayViews.allTools(client);
    }

    private JsonNode server(String name) throws IOException, InterruptedException {
        return GatewayViews.server(tandem, name).orElseThrow();
    }

    private void awaitState(String name, String state) {
        GatewayViews.awaitState(tandem, name, state);
    }
}
