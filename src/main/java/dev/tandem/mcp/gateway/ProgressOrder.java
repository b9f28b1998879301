package dev.tandem.mcp.gateway;

import java.util.Map;
import java.util.function.Function;

import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import reactor.core.publisher.Mono;

/**
 * An upstream's transport that tells the {@link ProgressRelay} of each progress notification as it arrives, in wire
 * order. The SDK client hands notifications to its consumers on another thread, so a call's result can overtake the
 * progress sent just before it; counting them here, before the SDK sees the result, lets the call wait for them.
 */
final class ProgressOrder extends ForwardingTransport {

    private final ProgressRelay relay;

    ProgressOrder(McpClientTransport transport, ProgressRelay relay) {
        super(transport);
        this.relay = relay;
    }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        return super.connect(inbound -> handler.apply(inbound.doOnNext(this::arrived)));
    }

    private void arrived(McpSchema.JSONRPCMessage message) {
        if (message instanceof McpSchema.JSONRPCNotification notification
                && McpSchema.METHOD_NOTIFICATION_PROGRESS.equals(notification.method())
                && notification.params() instanceof Map<?, ?> params) {
            relay.arrived(String.valueOf(params.get("progressToken")));
        }
    }
}
