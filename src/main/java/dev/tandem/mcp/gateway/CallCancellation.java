package dev.tandem.mcp.gateway;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Tells an upstream that a request it is working on ({@code tools/call}, {@code prompts/get}, {@code resources/read})
 * was given up ({@code notifications/cancelled}), so that it can stop. The SDK client neither says which id a request
 * goes out under nor sends that notification: so each such request is tagged in its {@code _meta}, and the transport
 * {@link #watch}ed here notes the id the tagged request leaves with (dropping the tag, which is Tandem's own business)
 * and sends the notification when asked.
 */
final class CallCancellation {

    static final String METHOD_CANCELLED = "notifications/cancelled";
    private static final String TAG = "dev.tandem/call";
    private static final Logger LOG = LoggerFactory.getLogger(CallCancellation.class);

    private final AtomicLong next = new AtomicLong();
    /** The calls open, by tag: the id and transport they went out on, once sent. */
    private final Map<String, Sent> open = new ConcurrentHashMap<>();

    private record Sent(Object requestId, McpClientTransport transport) {
        static final Sent NOT_YET = new Sent(null, null);
    }

    /** Opens a call: the returned tag names it until {@link #cancel} or {@link #close}. */
    String open() {
        String tag = Long.toString(next.incrementAndGet());
        open.put(tag, Sent.NOT_YET);
        return tag;
    }

    /** {@code meta} with the call's tag. */
    static Map<String, Object> tagged(Map<String, Object> meta, String tag) {
        Map<String, Object> tagged = meta == null ? new HashMap<>() : new HashMap<>(meta);
        tagged.put(TAG, tag);
        return tagged;
    }

    /** The call was given up: the upstream is told, if the request reached it. */
    void cancel(String tag, String reason) {
        Sent sent = open.remove(tag);
        if (sent == null || sent.transport() == null) {
            return;
        }
        sent.transport().sendMessage(new McpSchema.JSONRPCNotification(McpSchema.JSONRPC_VERSION, METHOD_CANCELLED,
                Map.of("requestId", sent.requestId(), "reason", reason)))
                .subscribe(done -> {
                }, failed -> LOG.debug("The cancellation of request {} did not reach its upstream", sent.requestId(),
                        failed));
    }

    /** The call ended. */
    void close(String tag) {
        open.remove(tag);
    }

    /** {@code transport}, noting the id each tagged call goes out under. */
    McpClientTransport watch(McpClientTransport transport) {
        return new Watching(transport);
    }

    private McpSchema.JSONRPCMessage noted(McpSchema.JSONRPCMessage message, McpClientTransport transport) {
        if (!(message instanceof McpSchema.JSONRPCRequest request) || !(request.params() instanceof McpSchema.Request
                params) || params.meta() == null || !(params.meta().get(TAG) instanceof String tag)) {
            return message;
        }
        Map<String, Object> meta = new HashMap<>(params.meta());
        meta.remove(TAG);
        Object untagged = untagged(params, meta.isEmpty() ? null : meta);
        if (untagged == null) {
            return message;
        }
        open.replace(tag, Sent.NOT_YET, new Sent(request.id(), transport));
        return new McpSchema.JSONRPCRequest(request.jsonrpc(), request.method(), request.id(), untagged);
    }

    /** The request again with {@code meta} instead of its own; {@code null} for a kind Tandem does not tag. */
    private static Object untagged(McpSchema.Request params, Map<String, Object> meta) {
        if (params instanceof McpSchema.CallToolRequest call) {
            return new McpSchema.CallToolRequest(call.name(), call.arguments(), meta);
        }
        if (params instanceof McpSchema.GetPromptRequest prompt) {
            return new McpSchema.GetPromptRequest(prompt.name(), prompt.arguments(), meta);
        }
        if (params instanceof McpSchema.ReadResourceRequest read) {
            return new McpSchema.ReadResourceRequest(read.uri(), meta);
        }
        return null;
    }

    private final class Watching extends ForwardingTransport {

        private final McpClientTransport transport;

        Watching(McpClientTransport transport) {
            super(transport);
            this.transport = transport;
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            return super.sendMessage(noted(message, transport));
        }
    }
}
