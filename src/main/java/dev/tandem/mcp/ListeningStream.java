package dev.tandem.mcp;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import reactor.core.publisher.Mono;

/** The GET stream a client opens to hear from the server outside any request; open until either side ends it. */
final class ListeningStream implements McpStreamableServerTransport {

    private final HttpReply reply;
    private final McpJsonMapper json;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    ListeningStream(HttpReply reply, McpJsonMapper json, Map<String, String> headers) {
        this.reply = reply;
        this.json = json;
        reply.startEvents(headers);
        reply.response().write(": stream open\n\n");
        reply.onClientGone(() -> closed.complete(null));
    }

    CompletableFuture<Void> closed() {
        return closed;
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return sendMessage(message, null);
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String eventId) {
        return Mono.fromRunnable(() -> {
            synchronized (this) {
                reply.event(eventId, message);
            }
        });
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
        reply.end();
        closed.complete(null);
    }
}
