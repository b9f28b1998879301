package dev.tandem.mcp.gateway;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One POST of the 2026-07-28 Streamable HTTP transport: the answer is a single JSON-RPC message, or an event stream
 * of notifications about the request followed by its response. The notifications reach {@code notifications} in
 * stream order, before the response completes {@link #response()}. Closing the stream is how a client cancels
 * ({@link #cancel()}).
 */
final class ModernExchange {

    private static final Logger LOG = LoggerFactory.getLogger(ModernExchange.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The body was not a JSON-RPC message: a server of another kind, or not a server of MCP at all. */
    static final class NotJsonRpc extends RuntimeException {

        NotJsonRpc(int status, String body) {
            super("it answered HTTP " + status + " without a JSON-RPC message"
                    + (body.isBlank() ? "" : ": " + abbreviate(body)), null, false, false);
        }
    }

    private final Object id;
    private final Consumer<JsonNode> notifications;
    private final CompletableFuture<JsonNode> response = new CompletableFuture<>();
    private volatile Flow.Subscription stream;
    private volatile CompletableFuture<HttpResponse<Void>> sending;

    private ModernExchange(Object id, Consumer<JsonNode> notifications) {
        this.id = id;
        this.notifications = notifications;
    }

    /** Sends the request whose JSON-RPC id is {@code id}; its answer arrives in {@link #response()}. */
    static ModernExchange send(HttpClient http, HttpRequest request, Object id, Consumer<JsonNode> notifications) {
        ModernExchange exchange = new ModernExchange(id, notifications);
        exchange.sending = http.sendAsync(request, exchange::body);
        exchange.sending.whenComplete((ignored, error) -> {
            if (error != null) {
                exchange.response.completeExceptionally(unwrap(error));
            }
        });
        return exchange;
    }

    /** The JSON-RPC response to the request: a result or an error, whatever the HTTP status. */
    CompletableFuture<JsonNode> response() {
        return response;
    }

    /** Closes the exchange: the server takes it as cancellation of the request. */
    void cancel() {
        response.completeExceptionally(new CancellationException("the call was cancelled"));
        Flow.Subscription open = stream;
        if (open != null) {
            open.cancel();
        }
        CompletableFuture<?> pending = sending;
        if (pending != null) {
            pending.cancel(true);
        }
    }

    private HttpResponse.BodySubscriber<Void> body(HttpResponse.ResponseInfo info) {
        String type = info.headers().firstValue("Content-Type").orElse("");
        if (type.startsWith("text/event-stream")) {
            return HttpResponse.BodySubscribers.fromLineSubscriber(new SseEvents(this::event, s -> stream = s,
                    () -> response.completeExceptionally(new IllegalStateException(
                            "the server ended its event stream without an answer")),
                    response::completeExceptionally), s -> null, StandardCharsets.UTF_8, null);
        }
        return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8),
                text -> {
                    whole(info.statusCode(), text);
                    return null;
                });
    }

    private void whole(int status, String text) {
        JsonNode message = parse(text);
        if (message != null && message.has("id") && (message.has("result") || message.has("error"))) {
            response.complete(message);
        } else {
            response.completeExceptionally(new NotJsonRpc(status, text));
        }
    }

    private void event(String data) {
        JsonNode message = parse(data);
        if (message == null) {
            LOG.debug("An MCP server sent an event that is not JSON: {}", abbreviate(data));
        } else if (message.has("method") && !message.has("id")) {
            notifications.accept(message);
        } else if (message.has("method")) {
            // 2026-07-28 forbids requests on a response stream: input is asked through input_required instead
            LOG.debug("An MCP server sent the request {} on a response stream; it is ignored",
                    message.get("method").asText());
        } else if (id.toString().equals(message.path("id").asText()) && response.complete(message)) {
            // the stream has served its purpose; a server that keeps it open would hold the connection
            stream.cancel();
        }
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static String abbreviate(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }
}
