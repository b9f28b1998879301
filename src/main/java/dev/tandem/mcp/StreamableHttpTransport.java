package dev.tandem.mcp;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.tandem.http.Caller;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.ProtocolVersions;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.apache.camel.support.ExchangeHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * MCP Streamable HTTP on a Camel platform-http route: the SDK's sessions and dispatch behind {@code POST},
 * {@code GET} and {@code DELETE /mcp}. Beyond the SDK's servlet transport it refuses an unsupported
 * {@code MCP-Protocol-Version} (400), answers plain JSON when a request needs no stream, resumes a request's event
 * stream on {@code GET} with {@code Last-Event-ID} (SEP-1699), and never sends a stack trace. Runs on the route's
 * thread, which blocks while a request or a listening stream is open.
 */
public final class StreamableHttpTransport implements McpStreamableServerTransportProvider {

    private static final Logger LOG = LoggerFactory.getLogger(StreamableHttpTransport.class);
    static final List<String> VERSIONS = List.of(ProtocolVersions.MCP_2025_03_26, ProtocolVersions.MCP_2025_06_18,
            ProtocolVersions.MCP_2025_11_25);
    /** What a request without the header speaks, as the specification says. */
    private static final String ASSUMED_VERSION = ProtocolVersions.MCP_2025_03_26;
    private static final String CANCELLED = "notifications/cancelled";

    private final McpJsonMapper json;
    private final Map<String, McpStreamableServerSession> sessions = new ConcurrentHashMap<>();
    /** Request streams by id, from their POST until their answer reached the client, for GET with Last-Event-ID. */
    private final Map<String, RequestStream> requestStreams = new ConcurrentHashMap<>();
    /** The {@code GET} streams open now, ended when Tandem begins to stop. */
    private final Set<ListeningStream> listening = ConcurrentHashMap.newKeySet();
    private volatile McpStreamableServerSession.Factory sessionFactory;
    private volatile boolean closing;
    private volatile ToolPages toolPages;
    private final List<Consumer<String>> alsoNotified = new CopyOnWriteArrayList<>();
    /** On the thread making a change in several steps: the list changes it made, told once it is whole. */
    private final ThreadLocal<Set<String>> heldNotices = new ThreadLocal<>();

    public StreamableHttpTransport(McpJsonMapper json) {
        this.json = json;
    }

    @Override
    public List<String> protocolVersions() {
        return VERSIONS;
    }

    @Override
    public void setSessionFactory(McpStreamableServerSession.Factory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    /** Serve {@code tools/list} in pages (the server's tools are known only once it is built). */
    void paginateTools(ToolPages pages) {
        this.toolPages = pages;
    }

    /**
     * A session this transport does not keep, for one MCP 2026-07-28 request: it runs the server's handlers with the
     * capabilities and client the request itself declares, and is forgotten with it.
     */
    public McpStreamableServerSession detachedSession(McpSchema.InitializeRequest declared) {
        return sessionFactory.startSession(declared).session();
    }

    public int sessionCount() {
        return sessions.size();
    }

    /** Who else hears of what the server tells every client (its list changes): the clients without a session. */
    public void alsoNotify(Consumer<String> listener) {
        alsoNotified.add(listener);
    }

    /**
     * Makes a change of the server's lists in several steps (the SDK tells clients of each tool added or removed, as
     * it is added) and tells clients of it once, when it is whole: a client that lists again on the first notice must
     * not find half a change.
     */
    public void inOneChange(Runnable steps) {
        Set<String> held = new LinkedHashSet<>();
        heldNotices.set(held);
        try {
            steps.run();
        } finally {
            heldNotices.remove();
            held.forEach(method -> notifyClients(method, null).block());
        }
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        Set<String> held = heldNotices.get();
        if (held != null && params == null && method.endsWith("/list_changed")) {
            held.add(method);
            return Mono.empty();
        }
        alsoNotified.forEach(listener -> listener.accept(method));
        return Flux.fromIterable(sessions.values())
                .flatMap(s -> s.sendNotification(method, params).onErrorResume(e -> Mono.empty()))
                .then();
    }

    @Override
    public Mono<Void> closeGracefully() {
        closing = true;
        return Flux.fromIterable(sessions.values())
                .flatMap(s -> s.closeGracefully().onErrorResume(e -> Mono.empty()))
                .then(Mono.fromRunnable(sessions::clear));
    }

    /**
     * Tandem begins to stop: every {@code GET} stream ends now, so that Camel does not wait for them until its shutdown
     * timeout, and no new one opens. Requests still in flight finish; new ones are refused with 503.
     */
    public void endListeningStreams() {
        closing = true;
        listening.forEach(ListeningStream::close);
    }

    /** {@code POST /mcp}: one JSON-RPC message from the client. */
    public void post(Exchange exchange) {
        HttpReply reply = reply(exchange);
        Message in = exchange.getMessage();
        if (closing) {
            reply.error(503, ErrorCodes.INTERNAL_ERROR, "Tandem is shutting down.");
            return;
        }
        McpSchema.JSONRPCMessage message;
        try {
            String body = text(exchange);
            if (body == null || body.isBlank()) {
                reply.error(400, ErrorCodes.INVALID_REQUEST, "The body must be one JSON-RPC 2.0 message.");
                return;
            }
            if (body.stripLeading().startsWith("[")) {
                reply.error(400, ErrorCodes.INVALID_REQUEST, "JSON-RPC batches are not part of this MCP version:"
                        + " send one message per request.");
                return;
            }
            message = McpSchema.deserializeJsonRpcMessage(json, body);
        } catch (IOException | RuntimeException e) {
            // the SDK's reader fails with whatever it meets (a body of null: NullPointerException): all of it is the body's
            boolean notJson = e instanceof com.fasterxml.jackson.core.JsonParseException;
            reply.error(400, notJson ? ErrorCodes.PARSE_ERROR : ErrorCodes.INVALID_REQUEST,
                    (notJson ? "The body is not valid JSON." : "The body is not a JSON-RPC 2.0 message.")
                            + " Send {\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"...\", \"params\": {...}}.");
            return;
        }
        if (message instanceof McpSchema.JSONRPCRequest request
                && McpSchema.METHOD_INITIALIZE.equals(request.method())) {
            initialize(request, reply);
            return;
        }
        if (!supportedVersion(in, reply)) {
            return;
        }
        McpStreamableServerSession session = session(in, reply);
        if (session == null) {
            return;
        }
        try {
            if (message instanceof McpSchema.JSONRPCRequest request && toolPages != null
                    && McpSchema.METHOD_TOOLS_LIST.equals(request.method())) {
                reply.json(200, toolPages.answer(request), Map.of(HttpHeaders.MCP_SESSION_ID, session.getId()));
            } else if (message instanceof McpSchema.JSONRPCRequest request
                    && RequestParams.problem(request).isPresent()) {
                reply.json(200, McpSchema.JSONRPCResponse.error(request.id(), new McpSchema.JSONRPCResponse
                        .JSONRPCError(ErrorCodes.INVALID_PARAMS, RequestParams.problem(request).get(), null)),
                        Map.of(HttpHeaders.MCP_SESSION_ID, session.getId()));
            } else if (message instanceof McpSchema.JSONRPCRequest request) {
                respond(session, request, new RequestStream(reply, json, session.getId(), request.id(),
                        Map.of(HttpHeaders.MCP_SESSION_ID, session.getId()), accepts(in, "text/event-stream")),
                        in.getHeader(Caller.HEADER, String.class));
            } else if (message instanceof McpSchema.JSONRPCNotification notification
                    && CANCELLED.equals(notification.method())) {
                cancel(session.getId(), notification.params());
                reply.status(202, Map.of());
            } else if (message instanceof McpSchema.JSONRPCNotification notification) {
                session.accept(notification).contextWrite(c -> c.put(McpTransportContext.KEY, McpTransportContext.EMPTY)).block();
                reply.status(202, Map.of());
            } else if (message instanceof McpSchema.JSONRPCResponse response) {
                try {
                    session.accept(response).contextWrite(c -> c.put(McpTransportContext.KEY,
                            McpTransportContext.EMPTY)).block();
                } catch (McpError unmatched) {
                    // the SDK refuses a response to no request of its own
                    reply.error(400, ErrorCodes.INVALID_REQUEST, "Tandem is waiting for no answer with the id "
                            + response.id() + ": send responses only to requests Tandem sent.");
                    return;
                }
                reply.status(202, Map.of());
            }
        } catch (RuntimeException e) {
            LOG.warn("MCP message in session {} failed", session.getId(), e);
            reply.error(500, ErrorCodes.INTERNAL_ERROR, "Tandem could not process the message; the server log has"
                    + " the details.");
        }
    }

    /** The client's {@code notifications/cancelled}: the request it names, if still running, is cancelled. */
    private void cancel(String sessionId, Object params) {
        if (params instanceof Map<?, ?> cancelled && cancelled.get("requestId") != null) {
            requestStreams.values().stream().filter(stream -> stream.sessionId().equals(sessionId)
                    && stream.answers(cancelled.get("requestId"))).forEach(RequestStream::cancel);
        }
    }

    private void respond(McpStreamableServerSession session, McpSchema.JSONRPCRequest request, RequestStream stream,
            String caller) {
        requestStreams.put(stream.id(), stream);
        try {
            session.responseStream(request, stream)
                    .contextWrite(c -> c.put(McpTransportContext.KEY, RequestStream.context(stream, caller)))
                    .block();
            stream.close();
        } finally {
            if (!stream.awaitsResumption()) {
                requestStreams.remove(stream.id());
            }
        }
    }

    /**
     * {@code GET /mcp}: with {@code Last-Event-ID} of a request stream, the rest of that stream (SEP-1699);
     * otherwise a stream for server-initiated messages, open until the client or the session ends.
     */
    public void get(Exchange exchange) throws InterruptedException {
        HttpReply reply = reply(exchange);
        Message in = exchange.getMessage();
        if (!accepts(in, "text/event-stream")) {
            reply.status(405, Map.of("Allow", "POST, DELETE"));
            return;
        }
        if (!supportedVersion(in, reply)) {
            return;
        }
        McpStreamableServerSession session = session(in, reply);
        if (session == null) {
            return;
        }
        String lastEventId = in.getHeader(HttpHeaders.LAST_EVENT_ID, String.class);
        String streamId = RequestStream.streamOf(lastEventId);
        RequestStream interrupted = streamId == null ? null : requestStreams.get(streamId);
        if (interrupted != null && interrupted.sessionId().equals(session.getId())) {
            interrupted.resume(reply, lastEventId).join();
            if (!interrupted.awaitsResumption()) {
                requestStreams.remove(interrupted.id());
            }
            return;
        }
        if (closing) {
            reply.error(503, ErrorCodes.INTERNAL_ERROR, "Tandem is shutting down.");
            return;
        }
        ListeningStream stream = new ListeningStream(reply, json, Map.of(HttpHeaders.MCP_SESSION_ID, session.getId()));
        McpStreamableServerSession.McpStreamableServerSessionStream sessionStream = session.listeningStream(stream);
        listening.add(stream);
        if (closing) {
            stream.close(); // Tandem began to stop after the check above, perhaps before this stream was listed
        }
        try {
            stream.closed().join();
        } finally {
            listening.remove(stream);
            sessionStream.close();
        }
    }

    /** {@code DELETE /mcp}: the client ends its session. */
    public void delete(Exchange exchange) {
        HttpReply reply = reply(exchange);
        Message in = exchange.getMessage();
        if (!supportedVersion(in, reply)) {
            return;
        }
        McpStreamableServerSession session = session(in, reply);
        if (session == null) {
            return;
        }
        sessions.remove(session.getId());
        requestStreams.values().removeIf(stream -> {
            boolean ofSession = stream.sessionId().equals(session.getId());
            if (ofSession) {
                stream.cancel();
            }
            return ofSession;
        });
        session.delete().onErrorResume(e -> Mono.empty()).block();
        reply.status(200, Map.of());
    }

    private void initialize(McpSchema.JSONRPCRequest request, HttpReply reply) {
        McpSchema.InitializeRequest init;
        try {
            init = json.convertValue(request.params(), new TypeRef<McpSchema.InitializeRequest>() {
            });
        } catch (IllegalArgumentException e) {
            reply.json(200, McpSchema.JSONRPCResponse.error(request.id(), new McpSchema.JSONRPCResponse.JSONRPCError(
                    ErrorCodes.INVALID_PARAMS, "initialize needs protocolVersion, capabilities and clientInfo.")),
                    Map.of());
            return;
        }
        if (init == null || init.protocolVersion() == null) {
            reply.json(200, McpSchema.JSONRPCResponse.error(request.id(), new McpSchema.JSONRPCResponse.JSONRPCError(
                    ErrorCodes.INVALID_PARAMS, "initialize needs protocolVersion, capabilities and clientInfo.")),
                    Map.of());
            return;
        }
        McpStreamableServerSession.McpStreamableServerSessionInit started = sessionFactory.startSession(init);
        McpSchema.InitializeResult result = started.initResult().block();
        sessions.put(started.session().getId(), started.session());
        reply.json(200, McpSchema.JSONRPCResponse.result(request.id(), result),
                Map.of(HttpHeaders.MCP_SESSION_ID, started.session().getId()));
    }

    private boolean supportedVersion(Message in, HttpReply reply) {
        String version = in.getHeader(HttpHeaders.PROTOCOL_VERSION, String.class);
        if (version == null || VERSIONS.contains(version)) {
            return true;
        }
        reply.error(400, ErrorCodes.INVALID_REQUEST, "Unsupported MCP-Protocol-Version '" + version
                + "': this server speaks " + String.join(", ", VERSIONS) + " (" + ASSUMED_VERSION
                + " when the header is absent).");
        return false;
    }

    private McpStreamableServerSession session(Message in, HttpReply reply) {
        String id = in.getHeader(HttpHeaders.MCP_SESSION_ID, String.class);
        if (id == null || id.isBlank()) {
            reply.error(400, ErrorCodes.INVALID_REQUEST, "Missing Mcp-Session-Id header: send initialize first and"
                    + " then the session id it returned with every request.");
            return null;
        }
        McpStreamableServerSession session = sessions.get(id);
        if (session == null) {
            reply.error(404, ErrorCodes.INVALID_REQUEST, "Unknown or ended session '" + id + "': initialize a new"
                    + " one.");
        }
        return session;
    }

    /**
     * The body as text, decoded from its bytes in the exchange's charset (as Camel does): Camel's own conversion of
     * the cached stream to text goes through two readers with 16 KB of fresh buffers per request, a large share of a
     * proxied call's time. A body that is text already (read before, see McpEndpoint) is taken as it is.
     */
    private static String text(Exchange exchange) {
        Message in = exchange.getMessage();
        if (in.getBody() instanceof String text) {
            return text;
        }
        byte[] bytes = in.getBody(byte[].class);
        return bytes == null ? null : new String(bytes, ExchangeHelper.getCharset(exchange));
    }

    private static boolean accepts(Message in, String type) {
        String accept = in.getHeader("Accept", String.class);
        return accept == null || accept.contains(type) || accept.contains("*/*");
    }

    private HttpReply reply(Exchange exchange) {
        return new HttpReply(exchange.getMessage(HttpMessage.class).getResponse(), json);
    }
}
