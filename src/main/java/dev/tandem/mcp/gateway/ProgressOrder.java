package dev.tandem.mcp.gateway;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import reactor.core.publisher.Mono;

/**
 * An upstream's transport that tells the {@link ProgressRelay} of each progress notification as it arrives, in wire
 * order. The SDK client hands notifications to its consumers on another thread, so a call's result can overtake the
 * progress sent just before it; counting them here, before the SDK sees the result, lets the call wait for them.
 */
final class ProgressOrder implements McpClientTransport {

    private final McpClientTransport transport;
    private final ProgressRelay relay;

    ProgressOrder(McpClientTransport transport, ProgressRelay relay) {
        this.transport = transport;
        this.relay = relay;
    }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        return transport.connect(inbound -> handler.apply(inbound.doOnNext(this::arrived)));
    }

    private void arrived(McpSchema.JSONRPCMessage message) {
        if (message instanceof McpSchema.JSONRPCNotification notification
                && McpSchema.METHOD_NOTIFICATION_PROGRESS.equals(notification.method())
                && notification.params() instanceof Map<?, ?> params) {
            relay.arrived(String.valueOf(params.get("progressToken")));
        }
    }

    @Override
    public void setExceptionHandler(Consumer<Throwable> handler) {
        transport.setExceptionHandler(handler);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return transport.closeGracefully();
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return transport.sendMessage(message);
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
        return transport.unmarshalFrom(data, type);
    }

    @Override
    public List<String> protocolVersions() {
        return transport.protocolVersions();
    }
}
