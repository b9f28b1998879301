package dev.tandem.mcp.gateway;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The POSTs of the 2026-07-28 Streamable HTTP transport: the body carries the request with the protocol version,
 * the client's capabilities and its info in {@code params._meta}; the headers mirror the version, the method, the
 * tool, prompt or resource named, and the tool arguments its schema marks with {@code x-mcp-header}.
 */
final class ModernRequests {

    static final String PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
    static final String CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
    static final String CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
    static final String SERVER_INFO = "io.modelcontextprotocol/serverInfo";
    /** The errors only a 2026-07-28 server gives: header mismatch, missing capability, unsupported version. */
    private static final Set<Integer> MODERN_ERRORS = Set.of(-32020, -32021, -32022);
    private static final String SENTINEL_START = "=?base64?";
    private static final String SENTINEL_END = "?=";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final Map<String, String> headers;
    private final Duration timeout;

    /** {@code headers} are the server's own from mcp.json (its authentication), sent on every POST. */
    ModernRequests(URI url, Map<String, String> headers, Duration timeout) {
        this.url = url;
        this.headers = headers;
        this.timeout = timeout;
    }

    /**
     * The POST of one request: {@code params} gains the envelope {@code meta} in its {@code _meta}, beside what it
     * already carries there (a progress token); {@code paramHeaders} are the mirrored tool arguments.
     */
    HttpRequest post(Object id, String method, ObjectNode params, ObjectNode meta, Map<String, String> paramHeaders) {
        ObjectNode withMeta = params.deepCopy();
        ObjectNode merged = withMeta.with("_meta");
        merged.setAll(meta);
        ObjectNode body = JSON.createObjectNode().put("jsonrpc", "2.0").put("method", method);
        body.putPOJO("id", id);
        body.set("params", withMeta);
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", meta.path(PROTOCOL_VERSION).asText())
                .header("Mcp-Method", method);
        named(method, params).ifPresent(name -> request.header("Mcp-Name", headerValue(name)));
        paramHeaders.forEach((name, value) -> request.header("Mcp-Param-" + name, headerValue(value)));
        headers.forEach(request::header);
        return request.POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
    }

    /** The envelope of every request: this revision, what the client can do and who it is. */
    static ObjectNode meta(JsonNode capabilities, JsonNode clientInfo) {
        ObjectNode meta = JSON.createObjectNode().put(PROTOCOL_VERSION, UpstreamProtocol.MODERN);
        meta.set(CLIENT_CAPABILITIES, capabilities == null || capabilities.isNull() ? JSON.createObjectNode()
                : capabilities);
        if (clientInfo != null && !clientInfo.isNull()) {
            meta.set(CLIENT_INFO, clientInfo);
        }
        return meta;
    }

    /** Whether a JSON-RPC error is one only a 2026-07-28 server gives (the era probe's test). */
    static boolean modernError(JsonNode message) {
        return MODERN_ERRORS.contains(message.path("error").path("code").asInt(0));
    }

    private static Optional<String> named(String method, JsonNode params) {
        String field = switch (method) {
            case "tools/call", "prompts/get" -> "name";
            case "resources/read" -> "uri";
            default -> null;
        };
        return field == null || !params.path(field).isTextual() ? Optional.empty()
                : Optional.of(params.get(field).asText());
    }

    /**
     * A header value as sent: as it is when it is visible ASCII and spaces without spaces at its ends, otherwise
     * (and when it looks like the sentinel itself) the Base64 of its UTF-8 between {@code =?base64?} and
     * {@code ?=}.
     */
    static String headerValue(String value) {
        boolean plain = !value.isEmpty() && value.equals(value.strip()) && value.chars().allMatch(c -> c >= 0x20
                && c <= 0x7E) && !(value.startsWith(SENTINEL_START) && value.endsWith(SENTINEL_END));
        return plain ? value : SENTINEL_START + Base64.getEncoder().encodeToString(value.getBytes(
                StandardCharsets.UTF_8)) + SENTINEL_END;
    }
}
