package dev.tandem.mcp.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.modelcontextprotocol.spec.McpSchema;

/**
 * Progress of proxied calls. The caller's progress token goes upstream replaced by one of Tandem's, unique across
 * every client (two clients may both use token 1); the upstream's notifications under it reach that caller only.
 */
final class ProgressRelay {

    private final Map<String, Consumer<McpSchema.ProgressNotification>> listeners = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong();

    /** A token for one call whose progress goes to {@code listener} until {@link #close(String)}. */
    String open(Consumer<McpSchema.ProgressNotification> listener) {
        String token = "tandem-progress-" + next.incrementAndGet();
        listeners.put(token, listener);
        return token;
    }

    void close(String token) {
        listeners.remove(token);
    }

    /** An upstream's progress notification, for whichever call still listens to its token. */
    void deliver(McpSchema.ProgressNotification notification) {
        Consumer<McpSchema.ProgressNotification> listener = listeners.get(String.valueOf(
                notification.progressToken()));
        if (listener != null) {
            listener.accept(notification);
        }
    }
}
