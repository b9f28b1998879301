package dev.tandem.mcp.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RunningTandem;
import dev.tandem.mcp.StreamableHttpTransport;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real MCP servers from npm behind Tandem: server-everything over stdio and over Streamable HTTP, server-filesystem
 * over stdio, a server whose command does not exist, one that accepts connections and never answers, and one that
 * runs once and then cannot start again. Seen by the MCP Java SDK client and by plain HTTP, as users see them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpGatewayTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    private UpstreamServers upstreams;
    /** Accepts connections (the backlog does) and never reads nor answers. */
    private ServerSocket silent;
    private RunningTandem tandem;
    private GatewayClient mcp;
    private McpSyncClient client;
    private Path files;
    private Path config;
    private Map<String, Object> servers;
    /** An HTTP upstream the tests stop and start again. */
    private String revivedUrl;

    @BeforeAll
    void start() throws Exception {
        upstreams = UpstreamServers.install();
        config = work.resolve("mcp.json");
        files = Files.createDirectories(work.resolve("files"));
        Files.writeString(files.resolve("notes.txt"), "The lighthouse keeper is Ada.\n");
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Path marker = work.resolve("ran-once");
        Map<String, Object> servers = new LinkedHashMap<>();
        Map<String, Object> everything = new LinkedHashMap<>(upstreams.everythingStdio(Map.of("OWN_SETTING",
                "from-mcp-json"), "tandem-test-everything"));
        everything.put("deniedTools", List.of("get-tiny-image"));
        servers.put("everything", everything);
        servers.put("files", upstreams.filesystem(files));
        servers.put("web", Map.of("type", "http", "url", upstreams.startEverythingHttp()));
        revivedUrl = upstreams.startEverythingHttp();
        servers.put("revived", Map.of("type", "http", "url", revivedUrl));
        servers.put("legacy", Map.of("type", "sse", "url", upstreams.startEverythingSse()));
        servers.put("broken", Map.of("command", work.resolve("no-such-command").toString()));
        servers.put("silent", Map.of("url", "http://127.0.0.1:" + silent.getLocalPort() + "/mcp",
                "timeoutMs", 600_000));
        servers.put("once", Map.of("command", "sh", "args", List.of("-c", "test -e " + marker + " && exit 3; touch "
                + marker + "; exec " + upstreams.nodeBinary() + " " + upstreams.everythingScript()
                + " stdio tandem-test-once"),
                "allowedTools", List.of("echo")));
        servers.put("off", Map.of("command", "node", "enabled", false));
        servers.put("growing", upstreams.manyTools(2));
        Map<String, Object> slow = new LinkedHashMap<>(upstreams.everythingStdio(Map.of(), "tandem-test-slow"));
        slow.put("timeoutMs", 1000);
        servers.put("slow", slow);
        this.servers = servers;
        writeConfig(servers);
        tandem = RunningTandem.start(work.resolve("inbox"), work.resolve("data"), Map.of(
                "tandem.mcp.config", config.toString(),
                "tandem.mcp.reload.ms", "200",
                "tandem.mcp.upstream.breaker.failures", "2",
                "tandem.mcp.upstream.restart.max.ms", "600000"));
        awaitState("everything", "ready");
        awaitState("files", "ready");
        awaitState("web", "ready");
        awaitState("revived", "ready");
        awaitState("once", "ready");
        awaitState("legacy", "ready");
        awaitState("growing", "ready");
        awaitState("slow", "ready");
        mcp = GatewayClient.connect(tandem, new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT,
                Map.of("name", "Ada Lovelace", "check", true)));
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
        upstreams.close();
        silent.close();
    }

    @Test
    void should_list_upstream_tools_as_server_and_tool_beside_tandems_own_with_their_annotations() {
        List<McpSchema.Tool> tools = allTools();

        assertThat(tools).extracting(McpSchema.Tool::name).contains("search_documents", "mcp_servers",
                "everything__echo", "everything__get-sum", "files__read_text_file", "web__echo", "once__echo")
                .doesNotContain("everything__get-tiny-image", "once__get-sum")
                .allSatisfy(name -> assertThat(name.length()).isLessThanOrEqualTo(64));
        McpSchema.Tool getEnv = tools.stream().filter(t -> t.name().equals("everything__get-env")).findFirst()
                .orElseThrow();
        assertThat(getEnv.annotations().readOnlyHint()).isTrue();
        assertThat(getEnv.annotations().destructiveHint()).isFalse();
    }

    @Test
    void should_tell_clients_when_an_upstream_announces_that_its_tools_changed() {
        mcp.listChanges().clear();

        String added = text(client.callTool(new McpSchema.CallToolRequest("growing__add_tool", Map.of())));

        assertThat(added).startsWith("added added_");
        String name = "growing__" + added.substring("added ".length());
        await().atMost(Duration.ofSeconds(30)).until(() -> mcp.listChanges().stream().anyMatch(tools -> tools.stream()
                .anyMatch(t -> t.name().equals(name))));
        assertThat(allTools()).extracting(McpSchema.Tool::name).contains(name, "growing__tool_1");
    }

    @Test
    void should_end_a_call_at_its_servers_timeout_and_open_the_circuit_after_two_in_a_row() {
        McpSchema.CallToolRequest tooLong = new McpSchema.CallToolRequest("slow__trigger-long-running-operation",
                Map.of("duration", 20, "steps", 1));

        McpSchema.CallToolResult first = client.callTool(tooLong);
        McpSchema.CallToolResult second = client.callTool(tooLong);
        McpSchema.CallToolResult refused = client.callTool(new McpSchema.CallToolRequest("slow__echo",
                Map.of("message", "quick")));

        assertThat(first.isError()).isTrue();
        assertThat(text(first)).contains("The MCP server slow did not answer trigger-long-running-operation within"
                + " 1000 ms");
        assertThat(text(second)).contains("did not answer");
        assertThat(refused.isError()).isTrue();
        assertThat(text(refused)).contains("Calls to the MCP server slow are paused after 2 failures in a row");
        assertThat(text(client.callTool(new McpSchema.CallToolRequest("web__echo", Map.of("message", "others")))))
                .contains("others");
    }

    @Test
    void should_call_a_stdio_upstream_and_return_its_answer() {
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("everything__get-sum",
                Map.of("a", 2, "b", 3)));

        assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
        assertThat(text(result)).contains("5");
    }

    @Test
    void should_answer_every_one_of_many_calls_made_at_once_to_one_stdio_upstream() throws Exception {
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        for (int i = 0; i < 64; i++) {
            String body = "{\"message\":\"call " + i + "\"}";
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return tandem.post("/api/tools/everything__echo", "application/json", body).statusCode();
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, clients));
        }

        try {
            assertThat(calls).allSatisfy(call -> assertThat(call.get(60, TimeUnit.SECONDS)).isEqualTo(200));
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void should_call_a_streamable_http_upstream_and_return_its_answer() {
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("web__echo",
                Map.of("message", "over http")));

        assertThat(text(result)).contains("over http");
    }

    @Test
    void should_call_an_http_and_sse_upstream_and_return_its_answer() throws Exception {
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("legacy__echo",
                Map.of("message", "over sse")));

        assertThat(text(result)).contains("over sse");
        assertThat(server("legacy").get("transport").asText()).isEqualTo("sse");
    }

    @Test
    void should_relay_the_progress_of_an_upstream_call_to_its_caller_under_the_callers_token() {
        McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder()
                .name("web__trigger-long-running-operation").arguments(Map.of("duration", 1, "steps", 2))
                .progressToken("caller-token-7").build());

        assertThat(text(result)).contains("Long running operation completed");
        await().atMost(Duration.ofSeconds(10)).until(() -> mcp.progress().size() >= 2);
        assertThat(mcp.progress()).extracting(McpSchema.ProgressNotification::progressToken)
                .containsOnly("caller-token-7");
        assertThat(mcp.progress()).extracting(McpSchema.ProgressNotification::progress).containsExactly(1.0, 2.0);
    }

    @Test
    void should_offer_upstream_prompts_and_resources_and_read_them_from_their_owner() {
        assertThat(client.listPrompts().prompts()).extracting(McpSchema.Prompt::name)
                .contains("answer_from_documents", "everything__simple-prompt", "web__simple-prompt");
        McpSchema.GetPromptResult prompt = client.getPrompt(new McpSchema.GetPromptRequest("web__simple-prompt",
                Map.of()));
        assertThat(((McpSchema.TextContent) prompt.messages().get(0).content()).text())
                .contains("simple prompt without arguments");

        McpSchema.Resource document = client.listResources().resources().stream()
                .filter(r -> r.uri().startsWith("demo://resource/static/document/")).findFirst().orElseThrow();
        McpSchema.ReadResourceResult read = client.readResource(new McpSchema.ReadResourceRequest(document.uri()));

        assertThat(read.contents()).isNotEmpty();
        assertThat(read.contents().get(0).uri()).isEqualTo(document.uri());
    }

    @Test
    void should_bring_an_upstreams_elicitation_to_the_client_that_made_the_call() {
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(
                "web__trigger-elicitation-request", Map.of()));

        assertThat(mcp.elicitations()).anyMatch(message -> message.contains("Please provide inputs"));
        assertThat(text(result)).contains("- Name: Ada Lovelace", "- Agreed to terms: true");
    }

    @Test
    void should_decline_an_upstreams_elicitation_for_a_caller_that_cannot_answer_it() throws Exception {
        var response = tandem.post("/api/tools/web__trigger-elicitation-request", "application/json", "{}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("User declined to provide the requested information");
    }

    @Test
    void should_call_an_upstream_tool_over_plain_http() throws Exception {
        var response = tandem.post("/api/tools/files__read_text_file", "application/json",
                JSON.writeValueAsString(Map.of("path", files.resolve("notes.txt").toString())));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("The lighthouse keeper is Ada.");
        JsonNode listed = tandem.getJson("/api/tools");
        assertThat(listed.get("tools").findValuesAsText("name")).contains("files__read_text_file", "search_documents");
    }

    @Test
    void should_give_a_stdio_upstream_its_own_environment_and_none_of_tandems() {
        String env = text(client.callTool(new McpSchema.CallToolRequest("everything__get-env", Map.of())));

        assertThat(env).contains("\"OWN_SETTING\": \"from-mcp-json\"");
        List<String> inheritable = List.of("HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER");
        System.getenv().keySet().stream().filter(name -> !inheritable.contains(name)).forEach(name ->
                assertThat(env).as("Tandem's variable %s", name).doesNotContain("\"" + name + "\":"));
    }

    @Test
    void should_mark_a_bad_server_failed_and_a_disabled_one_disabled_while_the_others_serve() throws Exception {
        awaitState("broken", "failed");
        JsonNode broken = server("broken");

        assertThat(broken.get("lastError").asText()).contains("no-such-command", "is not an executable file");
        assertThat(server("off").get("state").asText()).isEqualTo("disabled");
        assertThat(server("everything").get("protocolVersion").asText()).isNotBlank();
        assertThat(server("everything").get("transport").asText()).isEqualTo("stdio");
        assertThat(server("web").get("transport").asText()).isEqualTo("http");
    }

    @Test
    void should_list_each_upstream_in_health_without_making_tandem_unhealthy() throws Exception {
        awaitState("broken", "failed");

        var response = tandem.get("/observe/health");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode checks = JSON.readTree(response.body()).get("checks");
        JsonNode broken = find(checks, "mcp-upstream-broken");
        assertThat(broken.get("status").asText()).isEqualTo("DOWN");
        assertThat(broken.get("fatal").asBoolean(true)).isFalse();
        assertThat(broken.get("message").asText()).contains("MCP server broken is failed");
        assertThat(find(checks, "mcp-upstream-files").get("status").asText()).isEqualTo("UP");
    }

    @Test
    void should_count_proxied_calls_per_server_tool_and_outcome() throws Exception {
        client.callTool(new McpSchema.CallToolRequest("web__get-sum", Map.of("a", 1, "b", 1)));

        assertThat(tandem.get("/observe/metrics").body()).containsPattern(
                "tandem_mcp_upstream_calls_seconds_count\\{outcome=\"ok\",server=\"web\",tool=\"get-sum\"} [1-9]");
    }

    @Test
    void should_add_and_remove_a_server_when_mcp_json_changes_letting_its_call_in_flight_finish() throws Exception {
        Map<String, Object> withExtra = new LinkedHashMap<>(servers);
        withExtra.put("extra", upstreams.everythingStdio(Map.of(), "tandem-test-extra"));
        mcp.listChanges().clear();

        writeConfig(withExtra);

        awaitState("extra", "ready");
        await().atMost(Duration.ofSeconds(30)).until(() -> mcp.listChanges().stream().anyMatch(tools -> tools.stream()
                .anyMatch(t -> t.name().equals("extra__echo"))));
        CompletableFuture<McpSchema.CallToolResult> inFlight = CompletableFuture.supplyAsync(() -> client.callTool(
                new McpSchema.CallToolRequest("extra__trigger-long-running-operation", Map.of("duration", 3,
                        "steps", 3))));
        await().atMost(Duration.ofSeconds(30)).until(() -> server("extra").get("inFlight").asInt() == 1);

        writeConfig(servers);

        await().atMost(Duration.ofSeconds(30)).until(() -> allTools().stream().noneMatch(t -> t.name()
                .startsWith("extra__")));
        assertThat(text(inFlight.get(60, TimeUnit.SECONDS))).contains("Long running operation completed");
        await().atMost(Duration.ofSeconds(30)).until(() -> UpstreamServers.process("tandem-test-extra").isEmpty());
        assertThat(tandem.getJson("/api/mcp/servers").get("servers").findValuesAsText("name"))
                .doesNotContain("extra");
    }

    @Test
    void should_tell_clients_of_a_catalogue_change_only_once_the_change_is_whole() throws Exception {
        McpSyncServer server = tandem.context().getRegistry().lookupByNameAndType("mcpServer", McpSyncServer.class);
        List<List<String>> listedWhenTold = new CopyOnWriteArrayList<>();
        tandem.context().getRegistry().lookupByNameAndType("mcpTransport", StreamableHttpTransport.class)
                .alsoNotify(method -> {
                    if (method.equals(McpSchema.METHOD_NOTIFICATION_TOOLS_LIST_CHANGED)) {
                        listedWhenTold.add(toolsOf("late", server));
                    }
                });
        Map<String, Object> withLate = new LinkedHashMap<>(servers);
        withLate.put("late", upstreams.manyTools(3));

        writeConfig(withLate);
        await().atMost(Duration.ofSeconds(30)).until(() -> listedWhenTold.stream().anyMatch(t -> !t.isEmpty()));
        writeConfig(servers);
        await().atMost(Duration.ofSeconds(30)).until(() -> toolsOf("late", server).isEmpty()
                && listedWhenTold.get(listedWhenTold.size() - 1).isEmpty());

        // what a client listing again at each notice finds: the server's four tools, or none, never part of them
        assertThat(listedWhenTold).allSatisfy(listed -> assertThat(listed).isIn(List.of(), List.of("late__add_tool",
                "late__tool_0", "late__tool_1", "late__tool_2")));
    }

    @Test
    void should_keep_the_newest_listing_of_an_upstream_when_an_older_one_arrives_after_it() throws Exception {
        McpSyncServer server = tandem.context().getRegistry().lookupByNameAndType("mcpServer", McpSyncServer.class);
        Map<String, Object> withChanging = new LinkedHashMap<>(servers);
        withChanging.put("changing", upstreams.changingTools());

        writeConfig(withChanging);
        try {
            // its first listing (first alone) arrives 300 ms after the newer one: the newer must stay
            await().atMost(Duration.ofSeconds(30)).during(Duration.ofSeconds(1))
                    .until(() -> toolsOf("changing", server), tools -> tools.equals(List.of("changing__first",
                            "changing__second")));
        } finally {
            writeConfig(servers);
            await().atMost(Duration.ofSeconds(30)).until(() -> toolsOf("changing", server).isEmpty());
        }
    }

    private static List<String> toolsOf(String upstream, McpSyncServer server) {
        return server.listTools().stream().map(McpSchema.Tool::name).filter(n -> n.startsWith(upstream + "__"))
                .sorted().toList();
    }

    @Test
    void should_answer_tools_list_from_memory_while_an_upstream_has_not_answered_its_initialize() throws Exception {
        List<McpSchema.Tool> tools = allTools();

        assertThat(tools).extracting(McpSchema.Tool::name).contains("everything__echo");
        // the silent server still holds its initialize, so the listing above did not wait for it
        assertThat(server("silent").get("state").asText()).isEqualTo("starting");
    }

    @Test
    void should_restart_a_stdio_upstream_killed_under_it() throws Exception {
        ProcessHandle child = UpstreamServers.process("tandem-test-everything").orElseThrow();

        child.destroyForcibly();

        await().atMost(Duration.ofSeconds(60)).until(() -> UpstreamServers.process("tandem-test-everything")
                .filter(p -> p.pid() != child.pid()).isPresent() && "ready".equals(server("everything")
                        .get("state").asText()));
        assertThat(text(client.callTool(new McpSchema.CallToolRequest("everything__echo", Map.of("message",
                "again"))))).contains("again");
    }

    @Test
    void should_reconnect_an_http_upstream_that_went_away_and_came_back_on_its_port() throws Exception {
        McpSchema.CallToolRequest echo = new McpSchema.CallToolRequest("revived__echo", Map.of("message", "hello"));
        assertThat(text(client.callTool(echo))).contains("hello");

        upstreams.stopEverything(revivedUrl);
        McpSchema.CallToolResult lost = client.callTool(echo);
        McpSchema.CallToolResult refused = client.callTool(echo);

        assertThat(lost.isError()).isTrue();
        assertThat(text(lost)).contains("The MCP server revived failed on echo: it refused the connection");
        assertThat(text(refused)).contains("The MCP server revived is restarting");
        assertThat(allTools()).extracting(McpSchema.Tool::name).contains("revived__echo");

        upstreams.restartEverythingHttp(revivedUrl);

        awaitState("revived", "ready");
        assertThat(text(client.callTool(echo))).contains("hello");
    }

    @Test
    void should_keep_the_last_good_listing_of_a_dead_upstream_and_refuse_its_calls_at_once() throws Exception {
        UpstreamServers.process("tandem-test-once").orElseThrow().destroyForcibly();

        await().atMost(Duration.ofSeconds(30)).until(() -> "restarting".equals(server("once").get("state").asText()));
        assertThat(allTools()).extracting(McpSchema.Tool::name).contains("once__echo");
        McpSchema.CallToolResult refused = client.callTool(new McpSchema.CallToolRequest("once__echo",
                Map.of("message", "hello")));
        assertThat(refused.isError()).isTrue();
        assertThat(text(refused)).contains("The MCP server once is restarting");
    }

    private List<McpSchema.Tool> allTools() {
        return GatewayViews.allTools(client);
    }

    private void writeConfig(Map<String, Object> entries) throws IOException {
        JSON.writeValue(config.toFile(), Map.of("mcpServers", entries));
    }

    private static JsonNode find(JsonNode checks, String name) {
        return GatewayViews.healthCheck(checks, name);
    }

    private JsonNode server(String name) throws IOException, InterruptedException {
        return GatewayViews.server(tandem, name).orElseThrow(() -> new AssertionError("no server " + name
                + " in /api/mcp/servers"));
    }

    /** Waits until the server is listed in this state (a server the reload has not read yet is not listed). */
    private void awaitState(String name, String state) {
        GatewayViews.awaitState(tandem, name, state);
    }

    private static String text(McpSchema.CallToolResult result) {
        return GatewayViews.text(result);
    }
}
