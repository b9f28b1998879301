package dev.tandem.mcp.modern;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A 2026-07-28 client for tests, written from the specification: every request a POST with {@code _meta} (version,
 * capabilities, client info) and the {@code MCP-Protocol-Version}, {@code Mcp-Method} and {@code Mcp-Name} headers;
 * no session. Answers read as JSON, or as the last event of a server-sent event stream.
 */
final class ModernClient {

    static final String VERSION = "2026-07-28";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What came back: the HTTP status and the JSON-RPC message. */
    record Answer(int status, JsonNode body) {

        JsonNode result() {
            return body.get("result");
        }

        int errorCode() {
            return body.path("error").path("code").asInt();
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI url;
    private final Map<String, Object> capabilities;
    private final AtomicLong ids = new AtomicLong();

    ModernClient(String baseUrl, Map<String, Object> capabilities) {
        this.url = URI.create(baseUrl + "/mcp");
        this.capabilities = capabilities;
    }

    /** A request with the headers that describe it. */
    Answer call(String method, Map<String, Object> params) throws IOException, InterruptedException {
        Object name = params.containsKey("name") ? params.get("name") : params.get("uri");
        Map<String, String> headers = new LinkedHashMap<>(Map.of("MCP-Protocol-Version", VERSION, "Mcp-Method",
                method));
        if (name != null) {
            headers.put("Mcp-Name", name.toString());
        }
        return send(headers, request(method, params));
    }

    /** The JSON-RPC request a 2026-07-28 client sends: params with the {@code _meta} every request carries. */
    Map<String, Object> request(String method, Map<String, Object> params) {
        Map<String, Object> withMeta = new LinkedHashMap<>(params);
        withMeta.put("_meta", Map.of("io.modelcontextprotocol/protocolVersion", VERSION,
                "io.modelcontextprotocol/clientCapabilities", capabilities,
                "io.modelcontextprotocol/clientInfo", Map.of("name", "tandem-test", "version", "1")));
        return Map.of("jsonrpc", "2.0", "id", ids.incrementAndGet(), "method", method, "params", withMeta);
    }

    Answer send(Map<String, String> headers, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofString(
                JSON.writeValueAsString(body))).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream");
        headers.forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(lastMessage(response)));
    }

    HttpResponse<String> raw(String method, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String lastMessage(HttpResponse<String> response) {
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
            return response.body();
        }
        List<String> data = response.body().lines().filter(l -> l.startsWith("data:")).toList();
        return data.get(data.size() - 1).substring("data:".length()).strip();
    }
}
