package dev.tandem.mcp.modern;

import java.util.Map;
import java.util.Objects;

import dev.tandem.mcp.HttpReply;
import dev.tandem.mcp.UnknownNames;
import dev.tandem.tool.InputRequiredSignal;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import reactor.core.publisher.Mono;

/**
 * One 2026-07-28 request run by the server's own handlers on a session kept only for it. What the handler asks the
 * client is answered from {@link InputRounds} or recorded and stops the handler (the client gets
 * {@code input_required}); the request's notifications go out as server-sent events when the client accepts them;
 * the answer is kept for {@link ModernEndpoint} to complete.
 */
final class StatelessCall implements McpStreamableServerTransport {

    private static final Map<String, String> EVENT_HEADERS = Map.of("X-Accel-Buffering", "no");

    private final McpJsonMapper json;
    private final HttpReply reply;
    private final boolean events;
    private final boolean logMessages;
    private final InputRounds rounds;
    private final Object requestId;
    private McpStreamableServerSession session;
    private McpSchema.JSONRPCResponse response;
    private boolean streaming;

    /**
     * @param events whether the client accepts server-sent events (else notifications are dropped)
     * @param logMessages whether the request asked for log messages ({@code _meta} logLevel)
     */
    StatelessCall(McpJsonMapper json, HttpReply reply, boolean events, boolean logMessages, InputRounds rounds,
            Object requestId) {
        this.json = json;
        this.reply = reply;
        this.events = events;
        this.logMessages = logMessages;
        this.rounds = rounds;
        this.requestId = requestId;
    }

    /** Runs the request to its answer on this thread. */
    McpSchema.JSONRPCResponse run(McpStreamableServerSession session, McpSchema.JSONRPCRequest request,
            io.modelcontextprotocol.common.McpTransportContext context) {
        this.session = session;
        session.responseStream(request, this)
                .contextWrite(c -> c.put(io.modelcontextprotocol.common.McpTransportContext.KEY, context))
                .block();
        return response;
    }

    /** Whether the answer has to go out as an event, because notifications went first. */
    boolean streaming() {
        return streaming;
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return sendMessage(message, null);
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
        if (message instanceof McpSchema.JSONRPCRequest question) {
            return rounds.answer(question.method(), question.params())
                    .<Mono<Void>>map(answer -> Mono.defer(() -> session.accept(McpSchema.JSONRPCResponse.result(
                            question.id(), answer))))
                    .orElseGet(() -> Mono.error(new InputRequiredSignal(question.method())));
        }
        if (message instanceof McpSchema.JSONRPCResponse answer
                && Objects.equals(String.valueOf(answer.id()), String.valueOf(requestId))) {
            response = UnknownNames.named(answer);
            return Mono.empty();
        }
        if (message instanceof McpSchema.JSONRPCNotification notification && events && (logMessages
                || !McpSchema.METHOD_NOTIFICATION_MESSAGE.equals(notification.method()))) {
            return Mono.fromRunnable(() -> notify(notification));
        }
        return Mono.empty();
    }

    private synchronized void notify(McpSchema.JSONRPCNotification notification) {
        if (!streaming) {
            reply.startEvents(EVENT_HEADERS);
            streaming = true;
        }
        reply.event(null, notification);
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return json.convertValue(data, typeRef);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.empty();
    }

    @Override
    public void close() {
        // the request's HTTP answer is written by ModernEndpoint once the handler is done
    }
}
