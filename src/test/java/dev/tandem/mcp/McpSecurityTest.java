package dev.tandem.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import dev.tandem.RunningTandem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * With TANDEM_MCP_TOKEN set, /mcp and /api/tools need the bearer token; large requests are refused; a Host or Origin
 * that is neither loopback nor in TANDEM_MCP_ALLOWED_HOSTS / TANDEM_MCP_ALLOWED_ORIGINS is refused (DNS rebinding).
 */
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
                "tandem.mcp.token", "open-sesame", "tandem.mcp.max.request.kb", "4",
                "tandem.mcp.allowed.hosts", "tandem.internal, Gateway.Example",
                "tandem.mcp.allowed.origins", "https://app.example"));
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

    @Test
    void should_refuse_a_foreign_host_header_as_dns_rebinding_protection() throws Exception {
        RawResponse mcp = rawPost("/mcp", PING, "evil.example:" + port(), null);
        RawResponse api = rawPost("/api/tools/ingest_status", "{}", "evil.example", null);

        assertThat(mcp.status()).isEqualTo(403);
        assertThat(mcp.text()).contains("Host 'evil.example' is not allowed", "TANDEM_MCP_ALLOWED_HOSTS")
                .doesNotContain("Exception");
        assertThat(api.status()).isEqualTo(403);
        assertThat(api.text()).contains("TANDEM_MCP_ALLOWED_HOSTS").doesNotContain("Exception");
    }

    @Test
    void should_admit_loopback_hosts_and_exactly_the_hosts_listed_in_allowed_hosts() throws Exception {
        assertThat(rawPost("/mcp", PING, "localhost:" + port(), null).status()).isEqualTo(200);
        assertThat(rawPost("/mcp", PING, "[::1]:" + port(), null).status()).isEqualTo(200);
        assertThat(rawPost("/mcp", PING, "tandem.internal:" + port(), null).status()).isEqualTo(200);
        assertThat(rawPost("/mcp", PING, "TANDEM.internal", null).status()).isEqualTo(200);
        assertThat(rawPost("/mcp", PING, "gateway.example", null).status()).isEqualTo(200);
        assertThat(rawPost("/api/tools/ingest_status", "{}", "tandem.internal", null).status()).isEqualTo(200);

        assertThat(rawPost("/mcp", PING, "api.tandem.internal", null).status()).isEqualTo(403);
        assertThat(rawPost("/mcp", PING, "tandem.internal.evil.example", null).status()).isEqualTo(403);
        assertThat(rawPost("/mcp", PING, "localhost.evil.example", null).status()).isEqualTo(403);
        assertThat(rawPost("/mcp", PING, "127.0.0.2", null).status()).isEqualTo(403);
    }

    @Test
    void should_admit_loopback_origins_and_exactly_the_origins_listed_in_allowed_origins() throws Exception {
        String host = "127.0.0.1:" + port();
        assertThat(rawPost("/mcp", PING, host, "https://app.example").status()).isEqualTo(200);
        assertThat(rawPost("/mcp", PING, host, "http://localhost:3000").status()).isEqualTo(200);
        assertThat(rawPost("/api/tools/ingest_status", "{}", host, "https://app.example").status()).isEqualTo(200);

        RawResponse otherPort = rawPost("/mcp", PING, host, "https://app.example:8443");
        assertThat(otherPort.status()).isEqualTo(403);
        assertThat(otherPort.text()).contains("TANDEM_MCP_ALLOWED_ORIGINS");
        assertThat(rawPost("/mcp", PING, host, "http://app.example").status()).isEqualTo(403);
        assertThat(rawPost("/mcp", PING, host, "https://evil.app.example").status()).isEqualTo(403);
        assertThat(rawPost("/api/tools/ingest_status", "{}", host, "https://evil.example").status()).isEqualTo(403);
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

    private record RawResponse(int status, String text) {
    }

    private int port() {
        return URI.create(tandem.baseUrl()).getPort();
    }

    /**
     * An HTTP/1.1 POST written by hand: Java's HttpClient will not send a Host header of our choosing, and a
     * rebinding page's browser sends its own name there while connecting to 127.0.0.1.
     */
    private RawResponse rawPost(String path, String body, String host, String origin) throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n")
                .append("Authorization: Bearer open-sesame\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Accept: application/json, text/event-stream\r\n")
                .append("Content-Length: ").append(content.length).append("\r\n")
                .append("Connection: close\r\n");
        if (origin != null) {
            head.append("Origin: ").append(origin).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            in.transferTo(received);
            String text = received.toString(StandardCharsets.UTF_8);
            return new RawResponse(Integer.parseInt(text.substring(9, 12)), text);
        }
    }
}
