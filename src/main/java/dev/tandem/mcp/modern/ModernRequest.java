package dev.tandem.mcp.modern;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;

/**
 * A 2026-07-28 request, checked in the order the specification's test suite expects: the {@code _meta} fields every
 * request carries (400, -32602), {@code MCP-Protocol-Version} against them (400, -32020), the version (400, -32022),
 * then {@code Mcp-Method} and {@code Mcp-Name} against the body (400, -32020).
 *
 * @param id the JSON-RPC id
 * @param method the JSON-RPC method
 * @param params the params without {@code inputResponses} and {@code requestState}, {@code _meta} kept
 * @param capabilities what the client declares it can do, for this request only
 * @param clientInfo the client's name and version, {@link #UNNAMED_CLIENT} when it gave none
 * @param logLevel the lowest log level the client wants as notifications, when it wants any
 * @param inputResponses answers to the questions of an earlier round (empty when none)
 * @param requestState the sealed state of an earlier round, when given
 */
record ModernRequest(Object id, String method, Map<String, Object> params, McpSchema.ClientCapabilities capabilities,
        McpSchema.Implementation clientInfo, McpSchema.LoggingLevel logLevel, Map<?, ?> inputResponses,
        String requestState) {

    static final List<String> SUPPORTED = List.of(Era.MODERN_VERSION, "2025-11-25", "2025-06-18", "2025-03-26");
    /**
     * Who a client is when it does not say: clientInfo is optional in this revision (only for display and logs),
     * while the SDK's session, which serves the request, needs one.
     */
    static final McpSchema.Implementation UNNAMED_CLIENT = new McpSchema.Implementation("unnamed", "unknown");
    private static final String CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
    private static final String CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
    private static final String LOG_LEVEL = "io.modelcontextprotocol/logLevel";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** @throws ModernError when the request cannot be served as it is */
    static ModernRequest of(Map<?, ?> message, Function<String, String> headers) throws ModernError {
        Object id = message.get("id");
        if (!(message.get("method") instanceof String method) || !"2.0".equals(message.get("jsonrpc"))) {
            throw new ModernError(400, ErrorCodes.INVALID_REQUEST, "The body must be one JSON-RPC 2.0 request:"
                    + " {\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"...\", \"params\": {\"_meta\": {...}}}.");
        }
        if (!(message.get("params") instanceof Map<?, ?> rawParams) || !(rawParams.get("_meta") instanceof Map<?, ?> meta)
                || !(meta.get(Era.META_VERSION) instanceof String version)
                || !(meta.get(CAPABILITIES) instanceof Map<?, ?> capabilities)) {
            throw new ModernError(400, ErrorCodes.INVALID_PARAMS, "params._meta must carry \"" + Era.META_VERSION
                    + "\" and \"" + CAPABILITIES + "\" (an object, {} when the client has none) on every request.");
        }
        String header = headers.apply("MCP-Protocol-Version");
        if (!version.equals(header)) {
            throw new ModernError(400, ModernError.HEADER_MISMATCH, "The MCP-Protocol-Version header "
                    + (header == null ? "is missing" : "'" + header + "' differs from params._meta's '" + version + "'")
                    + ": send the same version in both.");
        }
        if (!Era.MODERN_VERSION.equals(version)) {
            throw new ModernError(400, ModernError.UNSUPPORTED_VERSION, "Protocol version '" + version + "' is not"
                    + " supported without a session: use " + Era.MODERN_VERSION + ", or initialize a session for "
                    + String.join(", ", SUPPORTED.subList(1, SUPPORTED.size())) + ".",
                    Map.of("supported", SUPPORTED, "requested", version));
        }
        Optional<String> mismatch = RequestHeaders.mismatch(headers, method, rawParams);
        if (mismatch.isPresent()) {
            throw new ModernError(400, ModernError.HEADER_MISMATCH, mismatch.get());
        }
        Map<String, Object> params = new LinkedHashMap<>();
        rawParams.forEach((k, v) -> params.put(String.valueOf(k), v));
        Object responses = params.remove("inputResponses");
        Object state = params.remove("requestState");
        if ((responses != null && !(responses instanceof Map)) || (state != null && !(state instanceof String))) {
            throw new ModernError(200, ErrorCodes.INVALID_PARAMS, "params.inputResponses must be an object of"
                    + " answers by key, and params.requestState the string of the last result, as sent.");
        }
        try {
            return new ModernRequest(id, method, params,
                    JSON.convertValue(capabilities, McpSchema.ClientCapabilities.class),
                    meta.get(CLIENT_INFO) instanceof Map<?, ?> info
                            ? JSON.convertValue(info, McpSchema.Implementation.class) : UNNAMED_CLIENT,
                    meta.get(LOG_LEVEL) == null ? null : JSON.convertValue(meta.get(LOG_LEVEL),
                            McpSchema.LoggingLevel.class),
                    responses == null ? Map.of() : (Map<?, ?>) responses, (String) state);
        } catch (IllegalArgumentException e) {
            throw new ModernError(400, ErrorCodes.INVALID_PARAMS, "params._meta has a field of the wrong shape:"
                    + " clientCapabilities and clientInfo must be objects as the specification describes them, and"
                    + " logLevel one of debug, info, notice, warning, error, critical, alert, emergency.");
        }
    }

    /** The tool, prompt or resource the request is about ("" for the others). */
    String subject() {
        Object name = params.containsKey("name") ? params.get("name") : params.get("uri");
        return name == null ? "" : name.toString();
    }

    /** A digest of what the call asks, without what only travels with it ({@code _meta}). */
    String digest() {
        Map<String, Object> salient = new LinkedHashMap<>(params);
        salient.remove("_meta");
        return InputRounds.digest(salient);
    }
}
