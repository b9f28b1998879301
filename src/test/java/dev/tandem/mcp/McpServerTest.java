package dev.tandem.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RunningTandem;
import dev.tandem.ingest.Fixtures;
import dev.tandem.llm.emulator.OllamaEmulator;
import dev.tandem.llm.emulator.Reply;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Tandem as an MCP server, seen by the MCP Java SDK client over Streamable HTTP, and by plain HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    private final OllamaEmulator ollama = OllamaEmulator.start();
    private RunningTandem tandem;
    private McpSyncClient client;
    private Path inbox;

    @BeforeAll
    void start() throws Exception {
        inbox = work.resolve("inbox");
        ollama.respond(r -> Reply.text("The lighthouse keeper is Ada [1]."));
        tandem = RunningTandem.start(inbox, work.resolve("data"), Map.of(
                "tandem.ollama.url", ollama.baseUrl(),
                "tandem.mcp.ingest.roots", work.resolve("allowed").toString(),
                "tandem.workspace.root", workspace().toString(),
                "tandem.backup.paths", "notes.md,config"));
        Fixtures.text(inbox.resolve("lighthouse.md"), "# Lighthouse\n\nThe lighthouse keeper is Ada Lovelace.\n");
        await().atMost(Duration.ofSeconds(60)).until(() -> tandem.ingestStatus().get("indexed").asInt() == 1
                && tandem.getJson("/api/search?mode=bm25&q=lighthouse").get("hits").size() == 1);
        client = McpClient.sync(HttpClientStreamableHttpTransport.builder(tandem.baseUrl()).endpoint("/mcp").build())
                .requestTimeout(Duration.ofSeconds(30)).build();
        client.initialize();
    }

    @AfterEach
    void sentOnlyWhatTheConfigurationSays() {
        ollama.violations().assertNone();
    }

    @AfterAll
    void stop() throws Exception {
        client.closeGracefully();
        tandem.close();
        ollama.close();
    }

    @Test
    void should_list_every_tool_with_schemas_and_annotations() {
        List<McpSchema.Tool> tools = client.listTools().tools();

        assertThat(tools).extracting(McpSchema.Tool::name).contains("search_documents", "get_document",
                "ingest_status", "ingest_file", "ask", "list_models")
                .doesNotContain("test_simple_text"); // the conformance fixtures load in their test profile only
        tools.forEach(tool -> {
            assertThat(tool.name()).matches("[a-z0-9_]{1,64}");
            assertThat(tool.description()).isNotBlank();
            assertThat(tool.inputSchema().get("type")).isEqualTo("object");
            assertThat(tool.outputSchema()).isNotNull();
            assertThat(tool.annotations().readOnlyHint()).isNotNull();
        });
    }

    @Test
    void should_report_ingestion_status() {
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("ingest_status", Map.of()));

        assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
        @SuppressWarnings("unchecked")
        Map<String, Object> status = (Map<String, Object>) result.structuredContent();
        assertThat(((Number) status.get("indexed")).intValue()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void should_search_documents_and_return_structured_content() {
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("search_documents",
                Map.of("query", "who keeps the lighthouse", "k", 3)));

        assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
        @SuppressWarnings("unchecked")
        Map<String, Object> structured = (Map<String, Object>) result.structuredContent();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> hits = (List<Map<String, Object>>) structured.get("hits");
        assertThat(hits).isNotEmpty();
        assertThat((String) hits.get(0).get("source")).endsWith("lighthouse.md");
        assertThat(((McpSchema.TextContent) result.content().get(0)).text()).contains("Ada Lovelace");
    }

    @Test
    void should_read_a_document_and_say_clearly_when_there_is_none() {
        String source = inbox.resolve(".done").resolve("lighthouse.md").toString();
        McpSchema.CallToolResult found = client.callTool(new McpSchema.CallToolRequest("get_document",
                Map.of("source", sourceOfIndexedFixture())));
        assertThat(found.isError()).isNotEqualTo(Boolean.TRUE);
        assertThat(found.structuredContent().toString()).contains("Ada Lovelace");

        McpSchema.CallToolResult missing = client.callTool(new McpSchema.CallToolRequest("get_document",
                Map.of("source", source + ".nope")));
        assertThat(missing.isError()).isTrue();
        assertThat(((McpSchema.TextContent) missing.content().get(0)).text()).contains("No document");
    }

    @Test
    void should_refuse_arguments_that_break_the_schema_before_the_route_runs() {
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("search_documents",
                Map.of("query", "x", "k", 5000)));

        assertThat(result.isError()).isTrue();
        assertThat(((McpSchema.TextContent) result.content().get(0)).text())
                .contains("Invalid arguments for search_documents").contains("/k");
    }

    @Test
    void should_ask_the_hybrid_llm_and_list_models() {
        McpSchema.CallToolResult answer = client.callTool(new McpSchema.CallToolRequest("ask",
                Map.of("question", "Who keeps the lighthouse?")));
        assertThat(answer.structuredContent().toString()).contains("Ada").contains("lighthouse.md");

        McpSchema.CallToolResult models = client.callTool(new McpSchema.CallToolRequest("list_models", Map.of()));
        assertThat(models.structuredContent().toString()).contains("ollama/llama3.2");
    }

    @Test
    void should_ingest_a_file_only_inside_the_allowed_roots() throws Exception {
        Path allowed = work.resolve("allowed").resolve("notes.txt");
        Fixtures.text(allowed, "Harbour notes: the ferry is blue.");
        McpSchema.CallToolResult ok = client.callTool(new McpSchema.CallToolRequest("ingest_file",
                Map.of("path", allowed.toString())));
        assertThat(ok.structuredContent().toString()).contains("outcome=indexed");

        McpSchema.CallToolResult outside = client.callTool(new McpSchema.CallToolRequest("ingest_file",
                Map.of("path", work.resolve("allowed").resolve("../inbox/.done/lighthouse.md").toString())));
        assertThat(outside.isError()).isTrue();
        assertThat(((McpSchema.TextContent) outside.content().get(0)).text()).contains("outside");
    }

    /** A file of gigabytes is refused on its size, unread (one over 2 GB cannot even be held in memory). */
    @Test
    void should_refuse_to_ingest_a_file_of_gigabytes_saying_it_is_too_large() throws Exception {
        Path image = Files.createDirectories(work.resolve("allowed")).resolve("disk.img");
        try (RandomAccessFile sparse = new RandomAccessFile(image.toFile(), "rw")) {
            sparse.setLength(3L << 30);
        }

        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("ingest_file",
                Map.of("path", image.toString())));

        assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
        assertThat(result.structuredContent().toString()).contains("outcome=rejected",
                "The file is 3072.0 MB, more than the 100.0 MB allowed by TANDEM_INGEST_MAX_FILE_MB");
    }

    @Test
    void should_inventory_the_workspace_honouring_gitignore() throws Exception {
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("workspace_inventory",
                Map.of()));

        assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
        JsonNode registry = JSON.readTree(workspace().resolve("file_registry.json").toFile());
        assertThat(registry.get("files").findValuesAsText("path")).contains("notes.md", "config/app.yaml",
                ".gitignore").doesNotContain("build/out.log");
        assertThat(Files.readString(workspace().resolve("SYSTEM_INVENTORY.md"))).contains("markdown");
    }

    @Test
    void should_back_up_snapshot_list_and_restore_inside_the_workspace_only() throws Exception {
        Path notes = workspace().resolve("notes.md");
        McpSchema.CallToolResult snapshot = client.callTool(new McpSchema.CallToolRequest("backup_file",
                Map.of("path", "notes.md")));
        @SuppressWarnings("unchecked")
        String id = (String) ((Map<String, Object>) snapshot.structuredContent()).get("id");
        Files.writeString(notes, "edited by an agent");

        McpSchema.CallToolResult restored = client.callTool(new McpSchema.CallToolRequest("backup_restore",
                Map.of("backup_id", id)));
        assertThat(restored.isError()).isNotEqualTo(Boolean.TRUE);
        assertThat(Files.readString(notes)).isEqualTo("# Notes\n");
        McpSchema.CallToolResult copy = client.callTool(new McpSchema.CallToolRequest("backup_create", Map.of()));
        assertThat(copy.structuredContent()).as(copy.content().toString()).isNotNull();
        assertThat(copy.structuredContent().toString()).contains("simple_copies");
        assertThat(client.callTool(new McpSchema.CallToolRequest("backup_list", Map.of())).structuredContent()
                .toString()).contains("pre_edit_snapshot").contains("simple_copy");

        McpSchema.CallToolResult escape = client.callTool(new McpSchema.CallToolRequest("backup_file",
                Map.of("path", "../../etc/passwd")));
        assertThat(escape.isError()).isTrue();
        assertThat(((McpSchema.TextContent) escape.content().get(0)).text()).contains("outside the workspace");
    }

    @Test
    void should_serve_model_contexts_as_resources_and_prompts() {
        McpSchema.ReadResourceResult model = client.readResource(new McpSchema.ReadResourceRequest(
                "model://ollama/llama3.2"));
        assertThat(((McpSchema.TextResourceContents) model.contents().get(0)).text()).contains("capabilities");

        McpSchema.GetPromptResult prompt = client.getPrompt(new McpSchema.GetPromptRequest("answer_from_documents",
                Map.of("question", "Who keeps the lighthouse?")));
        assertThat(prompt.messages().get(0).content().toString()).contains("search_documents");
    }

    @Test
    void should_call_the_same_tools_over_plain_http() throws Exception {
        HttpResponse<String> ok = tandem.post("/api/tools/search_documents", "application/json",
                "{\"query\": \"lighthouse keeper\", \"k\": 1}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(JSON.readTree(ok.body()).at("/hits/0/text").asText()).contains("Ada");

        HttpResponse<String> invalid = tandem.post("/api/tools/search_documents", "application/json", "{\"k\": 1}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(invalid.body()).at("/error/message").asText()).contains("query");

        // the whole path after /api/tools/ names the tool: this one's last segment alone ran search_documents
        for (String name : new String[] {"no_such_tool", "anything/search_documents"}) {
            HttpResponse<String> unknown = tandem.post("/api/tools/" + name, "application/json", "{\"query\": \"x\"}");
            assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
            assertThat(JSON.readTree(unknown.body()).at("/error/message").asText())
                    .isEqualTo("There is no tool '" + name + "': GET /api/tools lists them.");
        }
    }

    @Test
    void should_name_the_unknown_tool_or_prompt_a_client_asked_for() throws Exception {
        Map<String, String> session = Map.of("Mcp-Session-Id", initialize(), "MCP-Protocol-Version", "2025-11-25");

        JsonNode tool = JSON.readTree(post("{\"jsonrpc\": \"2.0\", \"id\": 9, \"method\": \"tools/call\","
                + " \"params\": {\"name\": \"no_such_tool\", \"arguments\": {}}}", session).body());
        JsonNode prompt = JSON.readTree(post("{\"jsonrpc\": \"2.0\", \"id\": 10, \"method\": \"prompts/get\","
                + " \"params\": {\"name\": \"no_such_prompt\"}}", session).body());

        assertThat(tool.get("id").asInt()).isEqualTo(9);
        assertThat(tool.at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(tool.at("/error/message").asText())
                .isEqualTo("Unknown tool 'no_such_tool': tools/list names those this server has.");
        assertThat(prompt.at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(prompt.at("/error/message").asText())
                .isEqualTo("Unknown prompt 'no_such_prompt': prompts/list names those this server has.");
    }

    @Test
    void should_follow_the_streamable_http_rules_for_sessions_and_versions() throws Exception {
        String ping = "{\"jsonrpc\": \"2.0\", \"id\": 7, \"method\": \"ping\"}";
        String session = initialize();

        assertThat(post(ping, Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25")).statusCode())
                .isEqualTo(200);
        assertThat(post(ping, Map.of()).statusCode()).isEqualTo(400);
        assertThat(post(ping, Map.of("Mcp-Session-Id", "no-such-session")).statusCode()).isEqualTo(404);
        HttpResponse<String> badVersion = post(ping, Map.of("Mcp-Session-Id", session,
                "MCP-Protocol-Version", "1999-01-01"));
        assertThat(badVersion.statusCode()).isEqualTo(400);
        assertThat(badVersion.body()).contains("Unsupported MCP-Protocol-Version");
        HttpResponse<String> notJson = post("{oops", Map.of("Mcp-Session-Id", session));
        assertThat(JSON.readTree(notJson.body()).at("/error/code").asInt()).isEqualTo(-32700);
        HttpResponse<String> unknown = post("{\"jsonrpc\": \"2.0\", \"id\": 8, \"method\": \"nope/nope\"}",
                Map.of("Mcp-Session-Id", session));
        assertThat(JSON.readTree(unknown.body()).at("/error/code").asInt()).isEqualTo(-32601);
        assertThat(post("{\"jsonrpc\": \"2.0\", \"method\": \"notifications/initialized\"}",
                Map.of("Mcp-Session-Id", session)).statusCode()).isEqualTo(202);

        HttpResponse<String> deleted = send(HttpRequest.newBuilder(mcp()).header("Mcp-Session-Id", session)
                .DELETE().build());
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(post(ping, Map.of("Mcp-Session-Id", session)).statusCode()).isEqualTo(404);
    }

    @Test
    void should_refuse_a_foreign_origin_as_dns_rebinding_protection() throws Exception {
        HttpResponse<String> response = post("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"ping\"}",
                Map.of("Origin", "http://evil.example"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("Origin").doesNotContain("Exception");
    }

    /** A small workspace with a .gitignore, created once. */
    private static Path workspace() throws IOException {
        Path root = work.resolve("workspace");
        if (!Files.exists(root)) {
            Fixtures.text(root.resolve(".gitignore"), "build/\n");
            Fixtures.text(root.resolve("notes.md"), "# Notes\n");
            Fixtures.text(root.resolve("config").resolve("app.yaml"), "port: 1\n");
            Fixtures.text(root.resolve("build").resolve("out.log"), "noise\n");
        }
        return root;
    }

    private String sourceOfIndexedFixture() {
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("search_documents",
                Map.of("query", "lighthouse", "k", 1)));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> hits = (List<Map<String, Object>>) ((Map<String, Object>) result
                .structuredContent()).get("hits");
        return (String) hits.get(0).get("source");
    }

    private String initialize() throws Exception {
        HttpResponse<String> response = post("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"initialize\", \"params\":"
                + " {\"protocolVersion\": \"2025-11-25\", \"capabilities\": {}, \"clientInfo\": {\"name\": \"t\","
                + " \"version\": \"1\"}}}", Map.of());
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.at("/result/protocolVersion").asText()).as(response.body()).isEqualTo("2025-11-25");
        return response.headers().firstValue("Mcp-Session-Id").orElseThrow();
    }

    private HttpResponse<String> post(String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(mcp()).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI mcp() {
        return URI.create(tandem.baseUrl() + "/mcp");
    }
}
