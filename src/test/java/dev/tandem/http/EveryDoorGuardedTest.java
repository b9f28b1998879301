package dev.tandem.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RunningTandem;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every HTTP route of the running context, found by asking Camel rather than listed here, is behind the guard: so a
 * route added later (/v1/embeddings, /api/mcp/servers, ...) is checked by this test without anyone editing it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryDoorGuardedTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "the-operators-token-1234";
    private static final String SEARCH_KEY = "search-only-key-5678abcd";
    private static final String LIMITED_KEY = "one-a-minute-key-90ef1234";
    private static final String TOOLS_KEY = "read-only-tools-key-77aa";

    @TempDir
    static Path work;
    private RunningTandem tandem;
    private RawHttp http;

    @BeforeAll
    void start() throws Exception {
        tandem = RunningTandem.start(work.resolve("inbox"), work.resolve("data"), Map.of(
                "tandem.mcp.token", TOKEN,
                "tandem.mcp.max.request.kb", "2",
                "tandem.api.keys", "reader,limited,agent",
                "tandem.api.keys.agent.token", TOOLS_KEY,
                "tandem.api.keys.agent.scopes", "tools",
                "tandem.api.keys.reader.token", SEARCH_KEY,
                "tandem.api.keys.reader.scopes", "search",
                "tandem.api.keys.limited.token", LIMITED_KEY,
                "tandem.api.keys.limited.rpm", "1"));
        http = new RawHttp(URI.create(tandem.baseUrl()).getPort());
    }

    @AfterAll
    void stop() throws Exception {
        tandem.close();
    }

    @Test
    void should_refuse_every_http_route_without_a_credential_or_from_a_foreign_host() throws Exception {
        List<String> doors = doors();
        assertThat(doors).as("the routes found").contains("POST /mcp", "GET /api/search", "POST /v1/chat/completions",
                "GET /observe/health", "GET /observe/metrics", "GET /api/ingest/status", "POST /api/tools/x");
        List<String> unguarded = new ArrayList<>();
        for (String door : doors) {
            String method = door.substring(0, door.indexOf(' '));
            String path = door.substring(door.indexOf(' ') + 1);
            RawHttp.Response anonymous = http.send(method, path, "{}", "Host: localhost");
            RawHttp.Response wrongKey = http.send(method, path, "{}", "Host: localhost",
                    "Authorization: Bearer " + TOKEN + "x");
            RawHttp.Response rebound = http.send(method, path, "{}", "Host: evil.example",
                    "Authorization: Bearer " + TOKEN);
            if (anonymous.status() != 401 || wrongKey.status() != 401 || rebound.status() != 403) {
                unguarded.add(door + " answered " + anonymous.status() + "/" + wrongKey.status() + "/"
                        + rebound.status());
            }
        }
        assertThat(unguarded).as("doors without the guard").isEmpty();
    }

    @Test
    void should_say_how_to_authenticate_without_revealing_anything_else() throws Exception {
        RawHttp.Response search = http.send("GET", "/api/search?q=secret", null, "Host: localhost");

        assertThat(search.status()).isEqualTo(401);
        assertThat(search.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(search.body()).contains("Authorization: Bearer").doesNotContain("hits");
    }

    @Test
    void should_guard_paths_that_no_route_serves() throws Exception {
        assertThat(http.send("GET", "/nowhere", null, "Host: localhost").status()).isEqualTo(401);
        assertThat(http.send("GET", "/observe/../api/search?q=x", null, "Host: localhost").status()).isEqualTo(401);
    }

    @Test
    void should_answer_an_admitted_request_that_no_route_takes_in_the_error_shape_of_its_door() throws Exception {
        String auth = "Authorization: Bearer " + TOKEN;

        RawHttp.Response unknown = http.send("GET", "/v1/nothing", null, "Host: localhost", auth);
        RawHttp.Response wrongMethod = http.send("DELETE", "/v1/chat/completions", null, "Host: localhost", auth);
        RawHttp.Response mcpWrongMethod = http.send("PUT", "/mcp", "{}", "Host: localhost", auth);

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("Content-Type")).startsWith("application/json");
        assertThat(JSON.readTree(unknown.body())).isEqualTo(JSON.readTree("{\"error\": {\"message\": \"Tandem has no"
                + " GET /v1/nothing: the OpenAI-compatible API is under /v1, the search and ingestion API under /api,"
                + " MCP at /mcp (the README lists every path).\", \"type\": \"invalid_request_error\", \"param\": null,"
                + " \"code\": \"unknown_url\"}}"));
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(JSON.readTree(wrongMethod.body()).at("/error/code").asText()).isEqualTo("method_not_allowed");
        assertThat(wrongMethod.header("Allow")).isEqualTo("POST");
        assertThat(JSON.readTree(wrongMethod.body()).at("/error/message").asText())
                .isEqualTo("Tandem does not serve DELETE /v1/chat/completions: the path takes POST.");
        assertThat(mcpWrongMethod.status()).isEqualTo(405);
        assertThat(JSON.readTree(mcpWrongMethod.body()).at("/error/code").asInt()).isEqualTo(-32600);
        assertThat(JSON.readTree(mcpWrongMethod.body()).at("/jsonrpc").asText()).isEqualTo("2.0");
        assertThat(mcpWrongMethod.header("Allow")).isEqualTo("DELETE, GET, POST");
    }

    @Test
    void should_answer_liveness_to_anyone_with_nothing_but_up() throws Exception {
        RawHttp.Response live = http.send("GET", "/observe/live", null, "Host: 10.0.0.7:8080");

        assertThat(live.status()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("UP");
    }

    @Test
    void should_serve_the_token_on_every_door() throws Exception {
        assertThat(http.send("GET", "/api/search?q=anything&mode=bm25", null, "Host: localhost",
                "Authorization: Bearer " + TOKEN).status()).isEqualTo(200);
        assertThat(http.send("GET", "/observe/metrics", null, "Host: localhost",
                "Authorization: Bearer " + TOKEN).status()).isEqualTo(200);
    }

    @Test
    void should_refuse_a_key_outside_its_scopes_with_403_and_name_the_scope() throws Exception {
        String auth = "Authorization: Bearer " + SEARCH_KEY;

        assertThat(http.send("GET", "/api/search?q=anything&mode=bm25", null, "Host: localhost", auth).status())
                .isEqualTo(200);
        RawHttp.Response ask = http.send("POST", "/api/ask", "{\"question\": \"why\"}", "Host: localhost", auth);
        assertThat(ask.status()).isEqualTo(403);
        assertThat(ask.body()).contains("'reader' may not use /api/ask", "scope 'ask'").doesNotContain(SEARCH_KEY);
        assertThat(http.send("POST", "/mcp", "{}", "Host: localhost", auth).status()).isEqualTo(403);
        assertThat(http.send("GET", "/observe/metrics", null, "Host: localhost", auth).status()).isEqualTo(403);
    }

    @Test
    void should_limit_a_key_to_its_requests_per_minute_with_429_and_retry_after() throws Exception {
        String auth = "Authorization: Bearer " + LIMITED_KEY;

        RawHttp.Response first = http.send("GET", "/api/search?q=a&mode=bm25", null, "Host: localhost", auth);
        RawHttp.Response second = http.send("GET", "/api/search?q=a&mode=bm25", null, "Host: localhost", auth);

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(429);
        assertThat(Integer.parseInt(second.header("Retry-After"))).isBetween(1, 60);
        assertThat(second.body()).contains("rate_limit_exceeded", "1 requests a minute");
    }

    @Test
    void should_count_each_keys_requests_in_the_metrics_without_its_token() throws Exception {
        http.send("GET", "/api/search?q=b&mode=bm25", null, "Host: localhost", "Authorization: Bearer " + SEARCH_KEY);
        http.send("GET", "/api/ask", null, "Host: localhost", "Authorization: Bearer " + SEARCH_KEY);

        String metrics = http.send("GET", "/observe/metrics", null, "Host: localhost",
                "Authorization: Bearer " + TOKEN).body();

        assertThat(metrics).containsPattern("tandem_api_requests_total\\{key=\"reader\",outcome=\"admitted\",?\\} [1-9]")
                .containsPattern("tandem_api_requests_total\\{key=\"reader\",outcome=\"scope\",?\\} [1-9]")
                .doesNotContain(SEARCH_KEY).doesNotContain(TOKEN);
    }

    @Test
    void should_refuse_a_body_over_the_limit_on_every_door_whether_or_not_its_length_is_announced() throws Exception {
        String big = "{\"q\": \"" + "x".repeat(4 * 1024) + "\"}";
        String auth = "Authorization: Bearer " + TOKEN;

        for (String path : List.of("/api/search", "/api/ask", "/v1/chat/completions", "/api/tools/ingest_status")) {
            RawHttp.Response announced = http.send("POST", path, big, "Host: localhost", auth,
                    "Content-Type: application/json");
            RawHttp.Response chunked = http.sendChunked("POST", path, big, 512, "Host: localhost", auth,
                    "Content-Type: application/json");
            assertThat(announced.status()).as(path).isEqualTo(413);
            assertThat(announced.body()).as(path).contains("TANDEM_MCP_MAX_REQUEST_KB");
            assertThat(chunked.status()).as(path + " chunked").isEqualTo(413);
            assertThat(chunked.body()).as(path + " chunked").contains("TANDEM_MCP_MAX_REQUEST_KB");
        }
    }

    @Test
    void should_refuse_a_tool_that_writes_to_a_key_without_write_tools_over_http_and_mcp() throws Exception {
        String call = "{\"path\": \"nowhere.txt\"}";

        RawHttp.Response http403 = http.send("POST", "/api/tools/ingest_file", call, "Host: localhost",
                "Authorization: Bearer " + TOOLS_KEY, "Content-Type: application/json");
        RawHttp.Response operator = http.send("POST", "/api/tools/ingest_file", call, "Host: localhost",
                "Authorization: Bearer " + TOKEN, "Content-Type: application/json");
        RawHttp.Response readOnly = http.send("POST", "/api/tools/ingest_status", "{}", "Host: localhost",
                "Authorization: Bearer " + TOOLS_KEY, "Content-Type: application/json");

        assertThat(http403.status()).isEqualTo(403);
        assertThat(http403.body()).contains("insufficient_scope", "'agent' may not call ingest_file", "write-tools");
        assertThat(operator.status()).isNotEqualTo(403);
        assertThat(readOnly.status()).isEqualTo(200);

        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(tandem.baseUrl())
                .endpoint("/mcp").httpRequestCustomizer((request, method, uri, body, context) ->
                        request.header("Authorization", "Bearer " + TOOLS_KEY)).build())
                .requestTimeout(Duration.ofSeconds(30)).build();
        try {
            client.initialize();
            McpSchema.CallToolResult refused = client.callTool(new McpSchema.CallToolRequest("ingest_file",
                    Map.of("path", "nowhere.txt")));
            McpSchema.CallToolResult served = client.callTool(new McpSchema.CallToolRequest("ingest_status",
                    Map.of()));
            assertThat(refused.isError()).isTrue();
            assertThat(refused.content().toString()).contains("'agent' may not call ingest_file", "write-tools");
            assertThat(served.isError()).isNotEqualTo(Boolean.TRUE);
        } finally {
            client.closeGracefully();
        }
    }

    /** Query parameters and form fields become message headers: none may stand in for the caller the guard admitted. */
    @Test
    void should_not_let_a_client_name_itself_a_caller_with_more_scopes() throws Exception {
        String forged = "agent:tools,write-tools,admin";

        RawHttp.Response inQuery = http.send("POST", "/api/tools/ingest_file?Tandem-Caller=" + forged,
                "{\"path\": \"nowhere.txt\"}", "Host: localhost", "Authorization: Bearer " + TOOLS_KEY,
                "Content-Type: application/json");
        RawHttp.Response inForm = http.send("POST", "/api/tools/ingest_file", "--b\r\nContent-Disposition: form-data;"
                + " name=\"Tandem-Caller\"\r\n\r\n" + forged + "\r\n--b--\r\n", "Host: localhost",
                "Authorization: Bearer " + TOOLS_KEY, "Content-Type: multipart/form-data; boundary=b");
        RawHttp.Response twice = http.send("GET", "/api/search?q=keeper&q=lamp", null, "Host: localhost",
                "Authorization: Bearer " + SEARCH_KEY);

        assertThat(inQuery.status()).isEqualTo(400);
        assertThat(inQuery.body()).contains("The query parameter 'Tandem-Caller' is not Tandem's to take");
        // the form is not taken apart: the caller is the key's, which may not write
        assertThat(inForm.status()).as(inForm.body()).isEqualTo(403);
        assertThat(inForm.body()).contains("'agent' may not call ingest_file");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.body()).contains("The query parameter 'q' is given 2 times: give it once.");
    }

    /** "METHOD /path" of every platform-http route, a wildcard path segment filled in. */
    private List<String> doors() {
        List<String> doors = new ArrayList<>();
        for (Route route : tandem.context().getRoutes()) {
            if (route.getEndpoint() instanceof PlatformHttpEndpoint endpoint) {
                String path = endpoint.getPath().replace("*", "x").replaceAll("\\{[^}]+}", "x");
                String methods = endpoint.getHttpMethodRestrict() == null ? "GET" : endpoint.getHttpMethodRestrict();
                for (String method : methods.split(",")) {
                    doors.add(method.strip() + " " + path);
                }
            }
        }
        return doors;
    }
}
