package dev.tandem.mcp.modern;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.tandem.mcp.HttpReply;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * The {@code subscriptions/listen} streams open on this process: each one a live connection with the notifications
 * its client opted in to. Nothing here outlives its connection or is needed by any other request, so any replica
 * serves a listen stream; each replica hears its own catalogue change (the same mcp.json reloaded on each). Each
 * stream holds an HTTP worker thread, so at most {@code max} are open at once; a quiet stream gets an SSE comment every
 * {@code keepAlive}, so that proxies and load balancers do not close it as idle.
 */
public final class ListenStreams {

    static final String SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";
    private static final Map<String, String> EVENT_HEADERS = Map.of("X-Accel-Buffering", "no");
    /** The list changes Tandem tells of, by the filter field that opts in to each. */
    private static final Map<String, String> FILTERS = Map.of(
            McpSchema.METHOD_NOTIFICATION_TOOLS_LIST_CHANGED, "toolsListChanged",
            McpSchema.METHOD_NOTIFICATION_PROMPTS_LIST_CHANGED, "promptsListChanged",
            McpSchema.METHOD_NOTIFICATION_RESOURCES_LIST_CHANGED, "resourcesListChanged");

    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    private final Semaphore places;
    private final int max;
    private final Duration keepAlive;
    private volatile boolean closing;

    ListenStreams(int max, Duration keepAlive, MeterRegistry metrics) {
        this.places = new Semaphore(max);
        this.max = max;
        this.keepAlive = keepAlive;
        Gauge.builder("tandem.mcp.listen.streams", open, Set::size)
                .description("subscriptions/listen streams open on this process").register(metrics);
    }

    /** One client's stream: its subscription id (the listen request's id), what it asked for and its connection. */
    private record Stream(Object id, Set<String> wanted, HttpReply reply, CountDownLatch ended) {

        synchronized void send(Object message) {
            reply.event(null, message);
        }

        synchronized void keepAlive() {
            reply.comment("keep-alive");
        }

        synchronized void end(Object lastMessage) {
            if (lastMessage != null) {
                reply.event(null, lastMessage);
            }
            reply.end();
            ended.countDown();
        }
    }

    /**
     * Opens the stream, acknowledges the subset of {@code filter} Tandem honours (list changes; resource updates are
     * never sent, so {@code resourceSubscriptions} is left out) and holds this thread until the client or Tandem
     * ends it. When {@code max} streams are open already, the client is told to come back later (503).
     */
    void listen(Object id, Map<?, ?> filter, HttpReply reply) throws ModernError {
        Map<String, Object> honoured = new LinkedHashMap<>();
        FILTERS.values().stream().sorted().filter(field -> Boolean.TRUE.equals(filter.get(field)))
                .forEach(field -> honoured.put(field, true));
        Stream stream = new Stream(id, honoured.keySet(), reply, new CountDownLatch(1));
        if (closing) {
            reply.error(503, McpSchema.ErrorCodes.INTERNAL_ERROR, "Tandem is shutting down.");
            return;
        }
        if (!places.tryAcquire()) {
            throw new ModernError(503, McpSchema.ErrorCodes.INTERNAL_ERROR, "This Tandem process already holds "
                    + max + " subscriptions/listen streams, the most it keeps open (TANDEM_MCP_LISTEN_MAX): close a"
                    + " stream this client no longer needs, or try again later (another replica may have room).");
        }
        try {
            reply.startEvents(EVENT_HEADERS);
            synchronized (stream) { // the acknowledgement goes first, before any change published meanwhile
                open.add(stream);
                stream.send(notification("notifications/subscriptions/acknowledged", id, Map.of("notifications",
                        honoured)));
            }
            reply.onClientGone(stream.ended()::countDown);
            keepAliveUntilEnded(stream);
        } finally {
            open.remove(stream);
            reply.end();
            places.release();
        }
    }

    /**
     * A comment every {@code keepAlive} until the stream ends; a connection the client dropped without a word fails
     * such a write and closes, which ends the stream like any client gone.
     */
    private void keepAliveUntilEnded(Stream stream) {
        try {
            while (!stream.ended().await(keepAlive.toMillis(), TimeUnit.MILLISECONDS)) {
                stream.keepAlive();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // Tandem is stopping: the stream ends with this thread
        }
    }

    /** A list of Tandem's changed: every stream that asked for this kind of change hears of it. */
    void publish(String method) {
        String field = FILTERS.get(method);
        if (field == null) {
            return;
        }
        open.stream().filter(stream -> stream.wanted().contains(field))
                .forEach(stream -> stream.send(notification(method, stream.id(), Map.of())));
    }

    /** Tandem stops: each stream gets the result that ends a subscription gracefully, then its end. */
    void close() {
        closing = true;
        open.forEach(stream -> stream.end(Map.of("jsonrpc", McpSchema.JSONRPC_VERSION, "id", stream.id(),
                "result", Map.of("resultType", "complete", "_meta", Map.of(SUBSCRIPTION_ID, stream.id())))));
    }

    private static Map<String, Object> notification(String method, Object subscriptionId, Map<String, Object> params) {
        Map<String, Object> tagged = new LinkedHashMap<>(params);
        tagged.put("_meta", Map.of(SUBSCRIPTION_ID, subscriptionId));
        return Map.of("jsonrpc", McpSchema.JSONRPC_VERSION, "method", method, "params", tagged);
    }
}
