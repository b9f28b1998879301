package dev.tandem;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.http.RawHttp;
import dev.tandem.llm.emulator.OllamaEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hundreds of requests an attacker or a careless client sends, over every door: each must get a 4xx (or a 2xx when
 * there is nothing wrong with it) in our own words, never a 5xx, a stack trace or a class name, and never hang;
 * Tandem must be healthy afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "hostile-suite-token-0001";
    /** A qualified Java class name (java.lang.Foo, com.fasterxml...), a stack frame, or an exception's name. */
    private static final Pattern INTERNALS = Pattern.compile(
            "\\b(?:java|javax|com|org|io|dev|software|co)\\.[a-z0-9_]+\\.[A-Za-z0-9_.$]+|\\tat |\\w+Exception\\b"
                    + "|JsonReadFeature|StreamReadConstraints|\\bat line \\d+ col");

    /** Bodies no door should choke on. */
    private static final List<String> BODIES = List.of("", " ", "null", "true", "0", "-1", "1e999999", "\"text\"",
            "[]", "[{}]", "{}", "{", "}", "{\"a\":", "{\"a\": NaN}", "{\"a\": Infinity}", "{'a': 1}",
            "{\"a\": 1,}", "\u0000", "\uFEFF{}", "{\"a\": \"\\ud800\"}", "[".repeat(5000) + "]".repeat(5000),
            "{\"a\": " + "9".repeat(2000) + "}", "<xml/>", "a=1&b=2");

    @TempDir
    static Path work;
    private final OllamaEmulator ollama = OllamaEmulator.start();
    private RunningTandem tandem;
    private RawHttp raw;
    private final List<String> problems = new ArrayList<>();
    private int sent;

    @BeforeAll
    void start() throws Exception {
        Path roots = Files.createDirectories(work.resolve("roots"));
        Files.writeString(roots.resolve("inside.txt"), "A note about ferries.");
        tandem = RunningTandem.start(work.resolve("inbox"), work.resolve("data"), Map.of(
                "tandem.mcp.token", TOKEN,
                "tandem.ollama.url", ollama.baseUrl(),
                "tandem.mcp.ingest.roots", roots.toString(),
                "tandem.workspace.root", Files.createDirectories(work.resolve("workspace")).toString(),
                "tandem.llm.local.timeout.ms", "3000")).authorizeWith(TOKEN);
        raw = new RawHttp(URI.create(tandem.baseUrl()).getPort());
    }

    @AfterAll
    void stop() throws Exception {
        tandem.close();
        ollama.close();
    }

    @Test
    void should_answer_every_hostile_request_with_a_4xx_in_our_own_words_and_stay_healthy() throws Exception {
        for (String door : List.of("/v1/chat/completions", "/api/ask", "/api/search", "/mcp",
                "/api/tools/search_documents", "/api/tools/ingest_file", "/api/tools/get_document")) {
            for (String body : BODIES) {
                post(door, body);
            }
        }
        searchQueries();
        chatRequests();
        mcpMessages();
        toolArguments();

        assertThat(sent).as("hostile requests sent").isGreaterThanOrEqualTo(200);
        assertThat(problems).as("answers that were a 5xx, showed internals or hung").isEmpty();
        assertThat(tandem.get("/observe/health").statusCode()).isEqualTo(200);
        assertThat(tandem.get("/observe/live").body()).isEqualTo("UP");
    }

    @Test
    void should_refuse_a_path_outside_the_roots_alike_whether_or_not_it_exists() throws Exception {
        String existing = tool("ingest_file", Map.of("path", "/etc/passwd"));
        String missing = tool("ingest_file", Map.of("path", "/etc/no-such-file-anywhere"));
        String traversal = tool("ingest_file", Map.of("path", work.resolve("roots/../../../etc/passwd").toString()));

        assertThat(existing).contains("is outside the folders ingest_file may read");
        assertThat(missing.replace("no-such-file-anywhere", "passwd")).isEqualTo(existing);
        assertThat(traversal).contains("is outside the folders ingest_file may read");
        assertThat(tool("ingest_file", Map.of("path", work.resolve("roots/absent.txt").toString())))
                .contains("No file at");
        assertThat(tool("ingest_file", Map.of("path", "/etc/pass\u0000wd"))).contains("no file name may hold");
    }

    @Test
    void should_refuse_a_query_with_nothing_to_search_in_every_mode() throws Exception {
        for (String mode : List.of("vector", "hybrid", "bm25")) {
            for (String q : List.of("%00", "%E2%80%8B", "%EF%BF%BD", "%00%E2%80%8B%20%EF%BF%BD")) {
                var response = tandem.get("/api/search?mode=" + mode + "&q=" + q);
                assertThat(response.statusCode()).as(mode + " " + q).isEqualTo(400);
                assertThat(response.body()).as(mode + " " + q).contains("nothing to search for");
            }
        }
    }

    private String tool(String name, Map<String, Object> arguments) throws Exception {
        return tandem.post("/api/tools/" + name, "application/json", JSON.writeValueAsString(arguments)).body();
    }

    private void searchQueries() throws Exception {
        List<String> queries = List.of("%00", "%E2%80%8B", "%EF%BF%BD", "", "%20", "a%0Ab", "title:(a%20OR%20b)^5~",
                "*", "%22", "\\", "%5C%5C%5C", "x".repeat(5000), "%F0%9F%98%80", "a&k=-1", "a&k=0", "a&k=101",
                "a&k=abc", "a&k=99999999999999", "a&mode=fuzzy", "a&mode=", "a&mode=VECTOR", "%FF%FE", "%C0%AF",
                "a&q=b", "<script>alert(1)</script>", "'%20OR%201=1--");
        for (String mode : List.of("hybrid", "vector", "bm25")) {
            for (String q : queries) {
                check("GET /api/search?q=" + q + " (" + mode + ")",
                        raw.send("GET", "/api/search?mode=" + mode + "&q=" + q, null, "Host: localhost",
                                "Authorization: Bearer " + TOKEN));
            }
        }
        for (String q : List.of("\u0000", "\u200B", "\uFFFD", "")) {
            post("/api/search", JSON.writeValueAsString(Map.of("query", q, "mode", "vector")));
        }
        post("/api/search", "{\"query\": 1}");
        post("/api/search", "{\"query\": [\"a\"]}");
        post("/api/search", "{\"query\": \"a\", \"k\": \"ten\"}");
        post("/api/search", "{\"query\": \"a\", \"k\": 1.5}");
        post("/api/search", "{\"query\": \"a\", \"mode\": {}}");
    }

    private void chatRequests() throws Exception {
        for (String body : List.of("{\"messages\": null}", "{\"messages\": []}", "{\"messages\": {}}",
                "{\"messages\": [null]}", "{\"messages\": [1]}", "{\"messages\": [{}]}",
                "{\"messages\": [{\"role\": \"wizard\", \"content\": \"hi\"}]}",
                "{\"messages\": [{\"role\": \"user\", \"content\": null}]}",
                "{\"messages\": [{\"role\": \"user\", \"content\": 5}]}",
                "{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"image_url\"}]}]}",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"stream\": \"yes\"}",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"temperature\": -5}",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"max_tokens\": -1}",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"n\": 1000}",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"tandem\": {\"strategy\": \"x\"}}")) {
            post("/v1/chat/completions", body);
        }
        for (String body : List.of("{\"question\": null}", "{\"question\": \"\"}", "{\"question\": 7}",
                "{\"question\": \"\u0000\"}", "{\"question\": \"\u200B\"}", "{\"question\": \"hi\", \"strategy\": 1}",
                "{\"question\": \"hi\", \"strategy\": \"nope\"}")) {
            post("/api/ask", body);
        }
        for (String path : List.of("/v1/models/%00", "/v1/models/" + "m".repeat(3000), "/v1/models/..%2F..%2Fetc",
                "/api/tools/%2E%2E", "/api/tools/no_such_tool", "/observe/nothing", "/api/nothing")) {
            check("GET " + path, raw.send("GET", path, null, "Host: localhost", "Authorization: Bearer " + TOKEN));
        }
        check("PUT /api/search", raw.send("PUT", "/api/search", "{}", "Host: localhost", "Authorization: Bearer " + TOKEN));
        check("DELETE /v1/chat/completions", raw.send("DELETE", "/v1/chat/completions", null, "Host: localhost",
                "Authorization: Bearer " + TOKEN));
    }

    private void mcpMessages() throws Exception {
        String session = initialize();
        List<String> messages = List.of(
                "{\"jsonrpc\": \"2.0\", \"id\": 2, \"method\": \"tools/call\"}",
                "{\"jsonrpc\": \"2.0\", \"id\": 3, \"method\": \"tools/call\", \"params\": null}",
                "{\"jsonrpc\": \"2.0\", \"id\": 4, \"method\": \"tools/call\", \"params\": []}",
                "{\"jsonrpc\": \"2.0\", \"id\": 5, \"method\": \"tools/call\", \"params\": \"search\"}",
                "{\"jsonrpc\": \"2.0\", \"id\": 6, \"method\": \"tools/call\", \"params\": {}}",
                "{\"jsonrpc\": \"2.0\", \"id\": 7, \"method\": \"tools/call\", \"params\": {\"name\": 5}}",
                "{\"jsonrpc\": \"2.0\", \"id\": 8, \"method\": \"tools/call\", \"params\": {\"name\": \"nope\"}}",
                "{\"jsonrpc\": \"2.0\", \"id\": 9, \"method\": \"tools/call\", \"params\": {\"name\": \"search_documents\", \"arguments\": []}}",
                "{\"jsonrpc\": \"2.0\", \"id\": 10, \"method\": \"tools/call\", \"params\": {\"name\": \"search_documents\", \"arguments\": \"q\"}}",
                "{\"jsonrpc\": \"2.0\", \"id\": 11, \"method\": \"tools/call\", \"params\": {\"name\": \"search_documents\", \"arguments\": null}}",
                "{\"jsonrpc\": \"2.0\", \"id\": 12, \"method\": \"tools/call\", \"params\": {\"name\": \"search_documents\", \"arguments\": {\"query\": \"\\u0000\", \"mode\": \"vector\"}}}",
                "{\"jsonrpc\": \"2.0\", \"id\": 13, \"method\": \"completion/complete\", \"params\": {\"ref\": {\"type\": \"ref/nothing\", \"name\": \"x\"}, \"argument\": {\"name\": \"a\", \"value\": \"b\"}}}",
                "{\"jsonrpc\": \"2.0\", \"id\": 14, \"method\": \"completion/complete\", \"params\": {\"ref\": null}}",
                "{\"jsonrpc\": \"2.0\", \"id\": 28, \"method\": \"completion/complete\", \"params\": {\"ref\": {\"type\": \"ref/prompt\", \"name\": \"\"}, \"argument\": {\"name\": \"a\", \"value\": \"b\"}}}",
                "{\"jsonrpc\": \"2.0\", \"id\": 15, \"method\": \"completion/complete\"}",
                "{\"jsonrpc\": \"2.0\", \"id\": 999999, \"result\": {}}",
                "{\"jsonrpc\": \"2.0\", \"id\": \"unknown\", \"error\": {\"code\": 1, \"message\": \"x\"}}",
                "{\"jsonrpc\": \"2.0\", \"id\": 16, \"method\": \"resources/read\", \"params\": {\"uri\": \"file:///etc/passwd\"}}",
                "{\"jsonrpc\": \"2.0\", \"id\": 17, \"method\": \"resources/read\", \"params\": {}}",
                "{\"jsonrpc\": \"2.0\", \"id\": 18, \"method\": \"prompts/get\", \"params\": {\"name\": \"nope\"}}",
                "{\"jsonrpc\": \"2.0\", \"id\": 19, \"method\": \"prompts/get\", \"params\": null}",
                "{\"jsonrpc\": \"2.0\", \"id\": 20, \"method\": \"no/such/method\"}",
                "{\"jsonrpc\": \"2.0\", \"method\": \"notifications/nothing\"}",
                "{\"jsonrpc\": \"1.0\", \"id\": 21, \"method\": \"ping\"}",
                "{\"id\": 22, \"method\": \"ping\"}",
                "{\"jsonrpc\": \"2.0\", \"id\": {}, \"method\": \"ping\"}",
                "{\"jsonrpc\": \"2.0\", \"id\": 23, \"method\": 5}",
                "{\"jsonrpc\": \"2.0\", \"id\": 24, \"method\": \"tools/list\", \"params\": {\"cursor\": \"\\u0000garbage\"}}",
                "{\"jsonrpc\": \"2.0\", \"id\": 25, \"method\": \"logging/setLevel\", \"params\": {\"level\": \"loud\"}}",
                "{\"jsonrpc\": \"2.0\", \"id\": 26, \"method\": \"initialize\", \"params\": null}",
                "[{\"jsonrpc\": \"2.0\", \"id\": 27, \"method\": \"ping\"}]");
        for (String message : messages) {
            check("MCP " + message, raw.send("POST", "/mcp", message, "Host: localhost",
                    "Authorization: Bearer " + TOKEN, "Content-Type: application/json",
                    "Accept: application/json, text/event-stream", "Mcp-Session-Id: " + session,
                    "MCP-Protocol-Version: 2025-11-25"));
        }
        for (String body : BODIES) {
            check("MCP in session " + body, raw.send("POST", "/mcp", body, "Host: localhost",
                    "Authorization: Bearer " + TOKEN, "Content-Type: application/json",
                    "Accept: application/json, text/event-stream", "Mcp-Session-Id: " + session,
                    "MCP-Protocol-Version: 2025-11-25"));
        }
        check("MCP bad session", raw.send("POST", "/mcp", "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"ping\"}",
                "Host: localhost", "Authorization: Bearer " + TOKEN, "Content-Type: application/json",
                "Accept: application/json, text/event-stream", "Mcp-Session-Id: \u0001nope"));
        check("MCP bad version", raw.send("POST", "/mcp", "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"ping\"}",
                "Host: localhost", "Authorization: Bearer " + TOKEN, "Content-Type: application/json",
                "Accept: application/json, text/event-stream", "Mcp-Session-Id: " + session,
                "MCP-Protocol-Version: 1999-01-01"));
    }

    private String initialize() throws Exception {
        RawHttp.Response init = raw.send("POST", "/mcp", "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"initialize\","
                + " \"params\": {\"protocolVersion\": \"2025-11-25\", \"capabilities\": {}, \"clientInfo\":"
                + " {\"name\": \"hostile\", \"version\": \"1\"}}}", "Host: localhost", "Authorization: Bearer " + TOKEN,
                "Content-Type: application/json", "Accept: application/json, text/event-stream");
        assertThat(init.status()).isEqualTo(200);
        String session = init.header("Mcp-Session-Id");
        raw.send("POST", "/mcp", "{\"jsonrpc\": \"2.0\", \"method\": \"notifications/initialized\"}",
                "Host: localhost", "Authorization: Bearer " + TOKEN, "Content-Type: application/json",
                "Accept: application/json, text/event-stream", "Mcp-Session-Id: " + session,
                "MCP-Protocol-Version: 2025-11-25");
        return session;
    }

    /** Every tool with arguments of the wrong shape: refused by the schema before its route runs. */
    private void toolArguments() throws Exception {
        JsonNode tools = JSON.readTree(tandem.get("/api/tools").body()).get("tools");
        for (JsonNode tool : tools) {
            String name = tool.get("name").asText();
            JsonNode properties = tool.path("inputSchema").path("properties");
            post("/api/tools/" + name, "[]");
            post("/api/tools/" + name, "{\"no_such_argument_anywhere\": {\"deep\": [1, 2, 3]}}");
            if (properties.fieldNames().hasNext()) {
                String first = properties.fieldNames().next();
                String wrongType = properties.get(first).path("type").asText().equals("string") ? "[\"x\"]"
                        : "\"\\u0000\"";
                post("/api/tools/" + name, "{\"" + first + "\": " + wrongType + "}");
            }
        }
        for (String path : List.of("/etc/shadow", "../../../etc/passwd", "", "\u0000", "inside.txt\u0000.pdf",
                "/", "//", "~", "%2e%2e/etc/passwd", "x".repeat(5000), "C:\\Windows\\win.ini",
                "file:///etc/passwd")) {
            post("/api/tools/ingest_file", JSON.writeValueAsString(Map.of("path", path)));
        }
        for (String id : List.of("", "\u0000", "../../etc", "x".repeat(3000), "*", "{\"$gt\": \"\"}")) {
            post("/api/tools/get_document", JSON.writeValueAsString(Map.of("id", id)));
        }
    }

    private void post(String path, String body) throws Exception {
        check("POST " + path + " " + abbreviate(body), raw.send("POST", path, body, "Host: localhost",
                "Authorization: Bearer " + TOKEN, "Content-Type: application/json"));
    }

    private void check(String request, RawHttp.Response response) {
        sent++;
        if (response.status() >= 500) {
            problems.add(request + " -> " + response.status() + " " + abbreviate(response.body()));
        } else if (INTERNALS.matcher(response.body()).find()) {
            problems.add(request + " -> internals in " + abbreviate(response.body()));
        }
    }

    private static String abbreviate(String text) {
        String shown = URLEncoder.encode(text.length() > 160 ? text.substring(0, 160) + "..." : text,
                StandardCharsets.UTF_8).replace('+', ' ');
        return shown.replace("%22", "\"").replace("%7B", "{").replace("%7D", "}").replace("%3A", ":")
                .replace("%2C", ",").replace("%5B", "[").replace("%5D", "]").replace("%2F", "/");
    }
}
