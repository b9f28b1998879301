package dev.tandem.mcp.modern;

import java.util.LinkedHashMap;
import java.util.Map;

import io.modelcontextprotocol.spec.McpSchema;

/** A 2026-07-28 request refused: the HTTP status and the JSON-RPC error the client gets, the request's id echoed. */
final class ModernError extends Exception {

    static final int HEADER_MISMATCH = -32020;
    static final int MISSING_CAPABILITY = -32021;
    static final int UNSUPPORTED_VERSION = -32022;

    private final int status;
    private final int code;
    private final Object data;

    ModernError(int status, int code, String message) {
        this(status, code, message, null);
    }

    ModernError(int status, int code, String message, Object data) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.data = data;
    }

    int status() {
        return status;
    }

    Map<String, Object> body(Object id) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", getMessage());
        if (data != null) {
            error.put("data", data);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jsonrpc", McpSchema.JSONRPC_VERSION);
        body.put("id", id);
        body.put("error", error);
        return body;
    }
}
