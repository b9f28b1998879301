package dev.tandem.mcp.gateway;

import java.time.Duration;
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

    /** How long a finished call waits for the progress that arrived before its result to reach its caller. */
    private static final Duration DRAIN = Duration.ofSeconds(2);

    private final Map<String, Listening> listeners = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong();

    /** A token for one call whose progress goes to {@code listener} until {@link #close(String)}. */
    String open(Consumer<McpSchema.ProgressNotification> listener) {
        String token = "tandem-progress-" + next.incrementAndGet();
        listeners.put(token, new Listening(listener));
        return token;
    }

    /** A progress notification for {@code token} came off the wire (before the result it precedes). */
    void arrived(String token) {
        Listening listening = listeners.get(token);
        if (listening != null) {
            listening.arrived();
        }
    }

    /** The call ended: its progress that arrived before the result is passed on first, then the token is closed. */
    void close(String token) {
        Listening listening = listeners.get(token);
        if (listening != null) {
            listening.drain(DRAIN);
            listeners.remove(token);
        }
    }

    /** An upstream's progress notification, for whichever call still listens to its token. */
    void deliver(McpSchema.ProgressNotification notification) {
        Listening listening = listeners.get(String.valueOf(notification.progressToken()));
        if (listening != null) {
            listening.deliver(notification);
        }
    }

    /** One call's listener and how many of its notifications arrived but were not passed on yet. */
    private static final class Listening {

        private final Consumer<McpSchema.ProgressNotification> listener;
        private int pending;

        Listening(Consumer<McpSchema.ProgressNotification> listener) {
            this.listener = listener;
        }

        synchronized void arrived() {
            pending++;
        }

        void deliver(McpSchema.ProgressNotification notification) {
            try {
                listener.accept(notification);
            } finally {
                synchronized (this) {
                    pending = Math.max(0, pending - 1);
                    notifyAll();
                }
            }
        }

        synchronized void drain(Duration atMost) {
            long deadline = System.nanoTime() + atMost.toNanos();
            long left;
            while (pending > 0 && (left = deadline - System.nanoTime()) > 0) {
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
