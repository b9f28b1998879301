package dev.tandem.mcp;

import java.util.Map;
import java.util.Objects;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import reactor.core.publisher.Mono;

/**
 * The answer channel of one POSTed request. It answers in plain JSON when the response is the first and only
 * message, and switches to server-sent events as soon as anything comes before it (progress, log messages, a
 * sampling or elicitation request), as Streamable HTTP allows. The SDK's servlet transport always streams.
 */
final class RequestStream implements McpStreamableServerTransport {

    private final HttpReply reply;
    private final McpJsonMapper json;
    private final Object requestId;
    private final Map<String, String> headers;
    private final boolean clientTakesEvents;
    private boolean streaming;

    RequestStream(HttpReply reply, McpJsonMapper json, Object requestId, Map<String, String> headers,
            boolean clientTakesEvents) {
        this.reply = reply;
        this.json = json;
        this.requestId = requestId;
        this.headers = headers;
        this.clientTakesEvents = clientTakesEvents;
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return sendMessage(message, null);
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String eventId) {
        return Mono.fromRunnable(() -> send(message, eventId));
    }

    private synchronized void send(McpSchema.JSONRPCMessage message, String eventId) {
        boolean finalAnswer = message instanceof McpSchema.JSONRPCResponse response
                && Objects.equals(String.valueOf(response.id()), String.valueOf(requestId));
        if (!streaming && finalAnswer) {
            reply.json(200, message, headers);
            return;
        }
        if (!streaming) {
            if (!clientTakesEvents) {
                return; // a JSON-only client gets the answer alone
            }
            streaming = true;
            reply.startEvents(headers);
        }
        reply.event(eventId, message);
        if (finalAnswer) {
            reply.end();
        }
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return json.convertValue(data, typeRef);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(this::close);
    }

    @Override
    public synchronized void close() {
        if (streaming) {
            reply.end();
        }
    }
}
