package dev.tandem.mcp;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes MCP's HTTP answers straight to the Vert.x response: JSON bodies, JSON-RPC errors, empty statuses and
 * server-sent events. Writing directly is what lets an SSE stream flow while its request is still running.
 */
public final class HttpReply {

    private final HttpServerResponse response;
    private final McpJsonMapper json;

    public HttpReply(HttpServerResponse response, McpJsonMapper json) {
        this.response = response;
        this.json = json;
    }

    HttpServerResponse response() {
        return response;
    }

    public boolean open() {
        return !response.ended() && !response.closed();
    }

    /** Whether the status line has gone out (a stream under way): no other answer can follow it. */
    public boolean begun() {
        return response.headWritten();
    }

    public void json(int status, Object body, Map<String, String> headers) {
        if (!open()) {
            return;
        }
        response.setStatusCode(status);
        headers.forEach(response::putHeader);
        response.putHeader("Content-Type", "application/json");
        // bytes straight from Jackson: no text to encode once more
        response.end(Buffer.buffer(bytes(body)));
    }

    /** A JSON-RPC error that is not the answer to a request the session saw (id null). */
    public void error(int status, int code, String message) {
        error(status, code, message, Map.of());
    }

    public void error(int status, int code, String message, Map<String, String> headers) {
        error(status, null, code, message, headers);
    }

    /** A JSON-RPC error answering the request of this id. */
    public void error(int status, Object id, int code, String message, Map<String, String> headers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jsonrpc", McpSchema.JSONRPC_VERSION);
        body.put("id", id);
        body.put("error", Map.of("code", code, "message", message));
        json(status, body, headers);
    }

    public void status(int status, Map<String, String> headers) {
        if (!open()) {
            return;
        }
        response.setStatusCode(status);
        headers.forEach(response::putHeader);
        response.end();
    }

    public void startEvents(Map<String, String> headers) {
        response.setStatusCode(200);
        response.setChunked(true);
        headers.forEach(response::putHeader);
        response.putHeader("Content-Type", "text/event-stream");
        response.putHeader("Cache-Control", "no-cache");
    }

    /** SEP-1699's priming event: an id and no data, so a client can resume the stream; {@code retry} paces it. */
    void primingEvent(String id, long retryMillis) {
        if (open()) {
            response.write("id: " + id + "\nretry: " + retryMillis + "\ndata:\n\n");
        }
    }

    public void event(String id, Object message) {
        if (!open()) {
            return;
        }
        StringBuilder event = new StringBuilder();
        if (id != null) {
            event.append("id: ").append(id).append('\n');
        }
        event.append("event: message\ndata: ").append(write(message)).append("\n\n");
        response.write(event.toString());
    }

    /** An SSE comment line: clients ignore it, and it keeps a quiet stream from looking idle to proxies. */
    public void comment(String text) {
        if (open()) {
            response.write(": " + text + "\n\n");
        }
    }

    /** Ends the response even when the client has gone, so that Camel does not try to write it once more. */
    public void end() {
        if (!response.ended()) {
            response.end();
        }
    }

    /** Runs when the client closes the connection before the server ends it. */
    public void onClientGone(Runnable action) {
        response.closeHandler(v -> action.run());
        if (response.closed()) {
            action.run(); // it went before the handler was set, so the handler will not run
        }
    }

    private byte[] bytes(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("An MCP message could not be written as JSON", e);
        }
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException("An MCP message could not be written as JSON", e);
        }
    }
}
