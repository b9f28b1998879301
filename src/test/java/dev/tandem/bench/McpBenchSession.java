package dev.tandem.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/** An MCP session for a benchmark: initialize once, then the headers every tools/call carries. */
final class McpBenchSession {

    private static final ObjectMapper JSON = new ObjectMapper();

    private McpBenchSession() {
    }

    static Map<String, String> open(int port) throws Exception {
        return open(port, Map.of());
    }

    /** {@code auth}: the Authorization header, when Tandem runs with a token; every call carries it too. */
    static Map<String, String> open(int port, Map<String, String> auth) throws Exception {
        HttpRequest.Builder initialize = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"));
        auth.forEach(initialize::header);
        initialize.timeout(HttpLoad.DEADLINE).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 0,
                        "method", "initialize", "params", Map.of("protocolVersion", "2025-11-25",
                                "capabilities", Map.of(), "clientInfo", Map.of("name", "bench", "version", "1"))))));
        HttpResponse<String> response = send(initialize.build(), port);
        String session = response.headers().firstValue("Mcp-Session-Id").orElseThrow(() -> new IllegalStateException(
                "MCP initialize on port " + port + " answered " + response.statusCode() + " without a session: "
                        + response.body()));
        Map<String, String> headers = new HashMap<>(auth);
        headers.putAll(Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25",
                "Accept", "application/json, text/event-stream"));
        return Map.copyOf(headers);
    }

    private static HttpResponse<String> send(HttpRequest initialize, int port) throws Exception {
        try {
            return HttpClient.newBuilder().connectTimeout(HttpLoad.DEADLINE).build()
                    .send(initialize, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new IllegalStateException("MCP initialize on port " + port + ": no answer within "
                    + HttpLoad.DEADLINE.toSeconds() + " s", e);
        }
    }
}
