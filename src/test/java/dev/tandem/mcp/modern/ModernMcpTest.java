package dev.tandem.mcp.modern;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RunningTandem;
import dev.tandem.aws.documentdb.SampleDocumentDb;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tandem as a 2026-07-28 client sees it on {@code /mcp}, beside a 2025-11-25 client of the same process: no session,
 * {@code server/discover}, headers checked against the body, cache hints, and a delete of every document that
 * waits for the user's answer ({@code input_required}) with its state sealed in the request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModernMcpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Object> ELICITATION = Map.of("elicitation", Map.of());

    @TempDir
    static Path work;
    private final SampleDocumentDb db = SampleDocumentDb.start();
    private RunningTandem tandem;
    private ModernClient client;

    @BeforeAll
    void start() throws Exception {
        tandem = RunningTandem.start(work.resolve("inbox"), work.resolve("data"), Map.of(
                "tandem.documentdb.connections", "samples",
                "tandem.documentdb.connections.samples.uri", db.uri(),
                "tandem.documentdb.allow.write", "true",
                "tandem.mcp.page.size", "7"));
        client = new ModernClient(tandem.baseUrl(), ELICITATION);
    }

    @AfterAll
    void stop() throws Exception {
        tandem.close();
        db.close();
    }

    @Test
    void should_describe_itself_in_server_discover_with_both_eras_and_a_cache_hint() throws Exception {
        ModernClient.Answer discover = client.call("server/discover", Map.of());

        assertThat(discover.status()).isEqualTo(200);
        JsonNode result = discover.result();
        assertThat(result.get("resultType").asText()).isEqualTo("complete");
        assertThat(JSON.convertValue(result.get("supportedVersions"), List.class))
                .containsExactly("2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26");
        assertThat(result.get("capabilities").has("tools")).isTrue();
        assertThat(result.get("ttlMs").asLong()).isEqualTo(30_000);
        assertThat(result.get("cacheScope").asText()).isEqualTo("public");
        assertThat(result.at("/_meta/io.modelcontextprotocol~1serverInfo/name").asText()).isEqualTo("tandem");
        assertThat(discover.body().has("error")).isFalse();
    }

    @Test
    void should_refuse_with_400_when_the_mcp_method_header_is_not_the_bodys_method() throws Exception {
        ModernClient.Answer answer = client.send(Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method",
                "tools/list"), client.request("server/discover", Map.of()));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo(-32020);
        assertThat(answer.body().path("error").path("message").asText()).contains("Mcp-Method", "server/discover");
    }

    @Test
    void should_refuse_with_400_when_the_mcp_name_header_is_not_the_tool_called() throws Exception {
        ModernClient.Answer answer = client.send(Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method",
                "tools/call", "Mcp-Name", "list_models"), client.request("tools/call", Map.of("name",
                        "documentdb_delete", "arguments", Map.of())));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo(-32020);
    }

    @Test
    void should_accept_a_name_header_encoded_in_base64() throws Exception {
        ModernClient.Answer answer = client.send(Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method",
                "tools/call", "Mcp-Name", "=?base64?bGlzdF9tb2RlbHM=?="), client.request("tools/call",
                        Map.of("name", "list_models", "arguments", Map.of())));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.result().get("resultType").asText()).isEqualTo("complete");
    }

    @Test
    void should_refuse_a_request_without_its_meta_with_400_invalid_params() throws Exception {
        ModernClient.Answer answer = client.send(Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method",
                "tools/list"), Map.of("jsonrpc", "2.0", "id", 7, "method", "tools/list", "params", Map.of()));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo(-32602);
        assertThat(answer.body().get("id").asInt()).isEqualTo(7);
    }

    @Test
    void should_serve_a_client_that_does_not_name_itself() throws Exception {
        // clientInfo is optional in this revision: protocolVersion and clientCapabilities are the required fields
        Map<String, Object> meta = Map.of("io.modelcontextprotocol/protocolVersion", "2026-07-28",
                "io.modelcontextprotocol/clientCapabilities", Map.of());
        ModernClient.Answer answer = client.send(Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method",
                "tools/call", "Mcp-Name", "list_models"), Map.of("jsonrpc", "2.0", "id", 9, "method", "tools/call",
                "params", Map.of("name", "list_models", "arguments", Map.of(), "_meta", meta)));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.result().get("resultType").asText()).isEqualTo("complete");
        assertThat(answer.result().get("isError").asBoolean()).isFalse();
        assertThat(answer.result().at("/content/0/text").asText()).contains("ollama/llama3.2");
    }

    @Test
    void should_name_the_unknown_tool_a_client_called() throws Exception {
        ModernClient.Answer answer = client.call("tools/call", Map.of("name", "no_such_tool", "arguments", Map.of()));

        assertThat(answer.errorCode()).isEqualTo(-32602);
        assertThat(answer.body().at("/error/message").asText())
                .isEqualTo("Unknown tool 'no_such_tool': tools/list names those this server has.");
    }

    @Test
    void should_name_the_supported_versions_when_asked_for_an_unknown_one() throws Exception {
        Map<String, Object> request = client.request("server/discover", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> params = new LinkedHashMap<>((Map<String, Object>) request.get("params"));
        params.put("_meta", Map.of("io.modelcontextprotocol/protocolVersion", "2099-01-01",
                "io.modelcontextprotocol/clientCapabilities", Map.of()));
        ModernClient.Answer answer = client.send(Map.of("MCP-Protocol-Version", "2099-01-01", "Mcp-Method",
                "server/discover"), Map.of("jsonrpc", "2.0", "id", 8, "method", "server/discover", "params", params));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo(-32022);
        assertThat(answer.body().at("/error/data/supported/0").asText()).isEqualTo("2026-07-28");
        assertThat(answer.body().at("/error/data/requested").asText()).isEqualTo("2099-01-01");
    }

    @Test
    void should_answer_the_methods_this_revision_removed_with_404_method_not_found() throws Exception {
        for (String removed : List.of("ping", "initialize", "logging/setLevel", "resources/subscribe")) {
            ModernClient.Answer answer = client.call(removed, removed.equals("resources/subscribe")
                    ? Map.of("uri", "model://x") : Map.of());

            assertThat(answer.status()).as(removed).isEqualTo(404);
            assertThat(answer.errorCode()).as(removed).isEqualTo(-32601);
        }
    }

    @Test
    void should_refuse_get_and_delete_from_a_client_without_session_with_405() throws Exception {
        for (String method : List.of("GET", "DELETE")) {
            var response = client.raw(method, Map.of("MCP-Protocol-Version", "2026-07-28", "Accept",
                    "text/event-stream"));

            assertThat(response.statusCode()).as(method).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).as(method).contains("POST");
        }
    }

    @Test
    void should_list_every_tool_once_in_name_order_across_pages_each_with_a_cache_hint() throws Exception {
        List<String> names = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ModernClient.Answer page = client.call("tools/list", cursor == null ? Map.of() : Map.of("cursor",
                    cursor));
            assertThat(page.result().get("ttlMs").asLong()).isEqualTo(30_000);
            assertThat(page.result().get("cacheScope").asText()).isEqualTo("public");
            page.result().get("tools").forEach(t -> names.add(t.get("name").asText()));
            cursor = page.result().path("nextCursor").asText(null);
            pages++;
        } while (cursor != null);

        assertThat(pages).isGreaterThan(1);
        assertThat(names).doesNotHaveDuplicates().isSorted().contains("documentdb_delete", "list_models",
                "search_documents");
    }

    @Test
    void should_delete_every_document_only_after_the_user_answers_the_input_request() throws Exception {
        db.insert("drafts", List.of(new Document("n", 1), new Document("n", 2), new Document("n", 3)));
        Map<String, Object> deleteAll = deleteAll("drafts");

        ModernClient.Answer asked = client.call("tools/call", deleteAll);
        assertThat(asked.result().get("resultType").asText()).isEqualTo("input_required");
        assertThat(db.count("drafts")).isEqualTo(3);
        String key = asked.result().get("inputRequests").fieldNames().next();
        assertThat(asked.result().at("/inputRequests/" + key + "/method").asText()).isEqualTo("elicitation/create");
        assertThat(asked.result().at("/inputRequests/" + key + "/params/message").asText()).contains("drafts");

        ModernClient.Answer done = client.call("tools/call", retry(deleteAll, key, asked.result()
                .get("requestState").asText()));

        assertThat(done.result().get("resultType").asText()).isEqualTo("complete");
        assertThat(done.result().get("isError").asBoolean()).isFalse();
        assertThat(db.count("drafts")).isZero();
    }

    @Test
    void should_refuse_a_changed_request_state_and_delete_nothing() throws Exception {
        db.insert("kept", List.of(new Document("n", 1)));
        Map<String, Object> deleteAll = deleteAll("kept");
        ModernClient.Answer asked = client.call("tools/call", deleteAll);
        String key = asked.result().get("inputRequests").fieldNames().next();
        String state = asked.result().get("requestState").asText();
        String changed = state.substring(0, state.length() - 2) + (state.endsWith("A") ? "B" : "A") + "x";

        ModernClient.Answer refused = client.call("tools/call", retry(deleteAll, key, changed));

        assertThat(refused.errorCode()).isEqualTo(-32602);
        assertThat(refused.body().at("/error/message").asText()).contains("requestState");
        assertThat(db.count("kept")).isEqualTo(1);
    }

    @Test
    void should_refuse_a_request_state_issued_for_another_collection() throws Exception {
        db.insert("other", List.of(new Document("n", 1)));
        db.insert("target", List.of(new Document("n", 1)));
        ModernClient.Answer asked = client.call("tools/call", deleteAll("other"));
        String key = asked.result().get("inputRequests").fieldNames().next();

        ModernClient.Answer refused = client.call("tools/call", retry(deleteAll("target"), key,
                asked.result().get("requestState").asText()));

        assertThat(refused.errorCode()).isEqualTo(-32602);
        assertThat(refused.body().at("/error/message").asText()).contains("another call");
        assertThat(db.count("target")).isEqualTo(1);
    }

    @Test
    void should_ask_again_when_the_answer_comes_without_the_state_that_asked_for_it() throws Exception {
        db.insert("forged", List.of(new Document("n", 1)));
        Map<String, Object> deleteAll = deleteAll("forged");
        String key = client.call("tools/call", deleteAll).result().get("inputRequests").fieldNames().next();
        Map<String, Object> answeredWithoutState = new LinkedHashMap<>(deleteAll);
        answeredWithoutState.put("inputResponses", Map.of(key, Map.of("action", "accept", "content",
                Map.of("confirm", true))));

        ModernClient.Answer again = client.call("tools/call", answeredWithoutState);

        assertThat(again.result().get("resultType").asText()).isEqualTo("input_required");
        assertThat(db.count("forged")).isEqualTo(1);
    }

    @Test
    void should_serve_a_2025_11_25_session_beside_clients_without_session() throws Exception {
        client.call("server/discover", Map.of());
        McpSyncClient legacy = McpClient.sync(HttpClientStreamableHttpTransport.builder(tandem.baseUrl())
                .endpoint("/mcp").build()).requestTimeout(Duration.ofSeconds(30)).build();
        try {
            assertThat(legacy.initialize().protocolVersion()).isEqualTo("2025-11-25");
            assertThat(legacy.listTools().tools()).isNotEmpty();
        } finally {
            legacy.closeGracefully();
        }
    }

    private static Map<String, Object> deleteAll(String collection) {
        return Map.of("name", "documentdb_delete", "arguments", Map.of("database", SampleDocumentDb.DATABASE,
                "collection", collection, "filter", Map.of(), "many", true));
    }

    static Map<String, Object> retry(Map<String, Object> call, String key, String state) {
        Map<String, Object> retry = new LinkedHashMap<>(call);
        retry.put("inputResponses", Map.of(key, Map.of("action", "accept", "content", Map.of("confirm", true))));
        retry.put("requestState", state);
        return retry;
    }
}
