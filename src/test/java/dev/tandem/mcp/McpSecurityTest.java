package dev.tandem.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import dev.tandem.RunningTandem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** With TANDEM_MCP_TOKEN set, /mcp and /api/tools need the bearer token; large requests are refused. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpSecurityTest {

    private static final String PING = "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"initialize\", \"params\":"
            + " {\"protocolVersion\": \"2025-11-25\", \"capabilities\": {}, \"clientInfo\": {\"name\": \"t\","
            + " \"version\": \"1\"}}}";

    @TempDir
    static Path work;
    private RunningTandem tandem;

    @BeforeAll
    void start() throws Exception {
        tandem = RunningTandem.start(work.resolve("inbox"), work.resolve("data"), Map.of(
                "tandem.mcp.token", "open-sesame", "tandem.mcp.max.request.kb", "4"));
    }

    @AfterAll
    void stop() throws Exception {
        tandem.close();
    }

    @Test
    void should_answer_401_with_a_bearer_challenge_without_the_token() throws Exception {
        HttpResponse<String> none = post("/mcp", PING, null);
        HttpResponse<String> wrong = post("/mcp", PING, "Bearer open-sesam");

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer");
        assertThat(none.body()).contains("Authorization: Bearer");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(post("/api/tools/ingest_status", "{}", null).statusCode()).isEqualTo(401);
    }

    @Test
    void should_serve_a_client_that_sends_the_token() throws Exception {
        assertThat(post("/mcp", PING, "Bearer open-sesame").statusCode()).isEqualTo(200);
        assertThat(post("/api/tools/ingest_status", "{}", "Bearer open-sesame").statusCode()).isEqualTo(200);
    }

    @Test
    void should_refuse_a_request_larger_than_the_limit_with_413() throws Exception {
        String big = "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"ping\", \"params\": {\"pad\": \""
                + "x".repeat(8 * 1024) + "\"}}";

        HttpResponse<String> response = post("/mcp", big, "Bearer open-sesame");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("TANDEM_MCP_MAX_REQUEST_KB");
    }

    private HttpResponse<String> post(String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(tandem.baseUrl() + path))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
