package dev.tandem.mcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import dev.tandem.http.Caller;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import reactor.core.publisher.Mono;

/**
 * The answer channel of one POSTed request. It answers in plain JSON when the response is the first and only
 * message, and switches to server-sent events as soon as anything comes before it (progress, log messages, a
 * sampling or elicitation request), as Streamable HTTP allows. The event stream is resumable (SEP-1699): it opens
 * with a priming event, every event has an id {@code <stream>_<n>}, and the events are kept until the answer has
 * been written to an open connection, so a client whose connection closed fetches the rest with {@code GET} and
 * {@code Last-Event-ID}. The server itself may close the connection while the request runs ({@link #closeForPolling}).
 * The request is cancelled ({@link #cancel}) by the client's {@code notifications/cancelled}, by the end of its
 * session, or by the client leaving before the stream began (it then has nothing to resume).
 */
final class RequestStream implements McpStreamableServerTransport {

    /** How long a client waits before it reconnects to a stream the server closed. */
    private static final long RETRY_MILLIS = 1000;
    private static final String CONTEXT_KEY = "tandem.mcp.requestStream";

    private final String id = UUID.randomUUID().toString();
    private final String sessionId;
    private final McpJsonMapper json;
    private final Object requestId;
    private final Map<String, String> headers;
    private final boolean clientTakesEvents;
    private final List<McpSchema.JSONRPCMessage> events = new ArrayList<>();
    private final CompletableFuture<Void> delivered = new CompletableFuture<>();
    private HttpReply connection;
    private boolean streaming;
    private boolean answered;
    private boolean cancelled;
    /** The thread running the request's {@link #cancellable} work, interrupted when the request is cancelled. */
    private Thread worker;

    RequestStream(HttpReply reply, McpJsonMapper json, String sessionId, Object requestId, Map<String, String> headers,
            boolean clientTakesEvents) {
        this.connection = reply;
        this.json = json;
        this.sessionId = sessionId;
        this.requestId = requestId;
        this.headers = headers;
        this.clientTakesEvents = clientTakesEvents;
        reply.onClientGone(() -> {
            synchronized (this) {
                if (!streaming && !answered) {
                    cancel();
                }
            }
        });
    }

    /**
     * A request's transport context: a tool finds its stream there ({@link #of}) to close it for polling, and the
     * caller the HTTP guard admitted (its {@link Caller#HEADER}), whose scopes decide which tools it may call.
     */
    static McpTransportContext context(RequestStream stream, String caller) {
        return McpTransportContext.create(caller == null ? Map.of(CONTEXT_KEY, stream)
                : Map.of(CONTEXT_KEY, stream, Caller.HEADER, caller));
    }

    /** The caller of the request, when it came over HTTP. */
    static Optional<Caller> caller(McpTransportContext context) {
        return Caller.fromHeader(context.get(Caller.HEADER) instanceof String header ? header : null);
    }

    /** The stream answering the request a tool runs for, when it came over Streamable HTTP. */
    static Optional<RequestStream> of(McpTransportContext context) {
        return context.get(CONTEXT_KEY) instanceof RequestStream stream ? Optional.of(stream) : Optional.empty();
    }

    /** The stream an event id ({@code Last-Event-ID}) belongs to, or {@code null} when it is not one of ours. */
    static String streamOf(String eventId) {
        int separator = eventId == null ? -1 : eventId.lastIndexOf('_');
        return separator < 0 ? null : eventId.substring(0, separator);
    }

    String id() {
        return id;
    }

    String sessionId() {
        return sessionId;
    }

    /** Whether this stream answers the request with this id. */
    boolean answers(Object id) {
        return Objects.equals(String.valueOf(requestId), String.valueOf(id));
    }

    /**
     * Runs {@code work} on this thread, interrupted if the request is cancelled meanwhile (a blocked call then ends
     * at once and frees the thread); an interruption of ours does not outlive it.
     */
    <T> T cancellable(Supplier<T> work) {
        synchronized (this) {
            worker = Thread.currentThread();
            if (cancelled) {
                worker.interrupt();
            }
        }
        try {
            return work.get();
        } finally {
            synchronized (this) {
                worker = null;
                if (cancelled) {
                    Thread.interrupted();
                }
            }
        }
    }

    /** The client gave the request up: the work running for it is interrupted. */
    synchronized void cancel() {
        cancelled = true;
        if (worker != null) {
            worker.interrupt();
        }
    }

    /** The answer is written but has not reached an open connection yet: the client may still resume the stream. */
    synchronized boolean awaitsResumption() {
        return answered && !delivered.isDone();
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return sendMessage(message, null);
    }

    /** The SDK's event id is ignored: ours name the stream, which is what a resuming client needs. */
    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String eventId) {
        return Mono.fromRunnable(() -> send(UnknownNames.named(message)));
    }

    private synchronized void send(McpSchema.JSONRPCMessage message) {
        boolean finalAnswer = message instanceof McpSchema.JSONRPCResponse response && answers(response.id());
        if (!streaming && finalAnswer) {
            connection.json(200, message, headers);
            answered = true;
            delivered.complete(null);
            return;
        }
        if (!streaming) {
            if (!clientTakesEvents) {
                return; // a JSON-only client gets the answer alone
            }
            startEvents();
        }
        events.add(message);
        if (connection != null) {
            connection.event(eventId(events.size()), message);
        }
        if (finalAnswer) {
            answered = true;
            deliverIfConnected();
        }
    }

    /** Ends the client's connection while the request goes on; the client comes back with GET and Last-Event-ID. */
    synchronized void closeForPolling() {
        if (!clientTakesEvents || answered || connection == null) {
            return;
        }
        if (!streaming) {
            startEvents();
        }
        connection.end();
        connection = null;
    }

    /**
     * Continues the stream on {@code reply} (a GET with Last-Event-ID): the events after that one, then the rest.
     * Completes when the answer has been delivered or the client has gone again.
     */
    synchronized CompletableFuture<Void> resume(HttpReply reply, String lastEventId) {
        CompletableFuture<Void> over = new CompletableFuture<>();
        reply.startEvents(headers);
        for (int n = sequence(lastEventId) + 1; n <= events.size(); n++) {
            reply.event(eventId(n), events.get(n - 1));
        }
        connect(reply, () -> over.complete(null));
        delivered.thenRun(() -> over.complete(null));
        deliverIfConnected();
        return over;
    }

    private void startEvents() {
        streaming = true;
        connection.startEvents(headers);
        connection.primingEvent(eventId(0), RETRY_MILLIS);
        connect(connection, () -> {
            // the POST's own connection: a resuming GET brings the next one
        });
    }

    private void connect(HttpReply reply, Runnable whenGone) {
        connection = reply;
        reply.onClientGone(() -> {
            synchronized (this) {
                if (connection == reply) {
                    connection = null;
                }
            }
            whenGone.run();
        });
    }

    private void deliverIfConnected() {
        if (answered && connection != null) {
            connection.end();
            connection = null;
            delivered.complete(null);
        }
    }

    private String eventId(int sequence) {
        return id + "_" + sequence;
    }

    private static int sequence(String eventId) {
        try {
            return Integer.parseInt(eventId.substring(eventId.lastIndexOf('_') + 1));
        } catch (NumberFormatException e) {
            return 0;
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

    /** The request is over; an answer not yet delivered waits for the client to resume the stream. */
    @Override
    public synchronized void close() {
        if (streaming && !answered && connection != null) {
            connection.end();
            connection = null;
        }
    }
}
