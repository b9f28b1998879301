package dev.tandem.mcp.modern;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A 2026-07-28 {@code subscriptions/listen} stream as a plain HTTP client reads it: one POST whose server-sent events
 * are handed over one JSON-RPC message at a time, as they arrive, and its comment lines apart. A refusal (a JSON
 * answer instead of a stream) is its one message.
 */
final class ListenStream implements AutoCloseable, Flow.Subscriber<String> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<String> data = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
    private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
    private final CompletableFuture<HttpResponse.ResponseInfo> response = new CompletableFuture<>();
    private Object id;

    /** Opens the stream with this filter ({@code {"toolsListChanged": true}} ...) once its headers are in. */
    static ListenStream open(String baseUrl, ModernClient client, Map<String, Object> filter) throws Exception {
        Map<String, Object> body = client.request("subscriptions/listen", Map.of("notifications", filter));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/mcp"))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", ModernClient.VERSION).header("Mcp-Method", "subscriptions/listen")
                .build();
        ListenStream stream = new ListenStream();
        stream.id = body.get("id");
        // the response's future completes only with the body, at the stream's end: its status and headers come first
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().sendAsync(request, info -> {
            stream.response.complete(info);
            return HttpResponse.BodySubscribers.fromLineSubscriber(stream);
        });
        stream.response.get(30, TimeUnit.SECONDS);
        return stream;
    }

    /** The listen request's JSON-RPC id, which is the subscription's id. */
    Object id() {
        return id;
    }

    int status() {
        return response.join().statusCode();
    }

    String header(String name) {
        return response.join().headers().firstValue(name).orElse("");
    }

    /** The next message on the stream; fails when none comes within {@code wait}. */
    JsonNode next(Duration wait) throws Exception {
        String message = data.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("No message on the listen stream within " + wait);
        }
        return JSON.readTree(message);
    }

    /** The next comment line on the stream; fails when none comes within {@code wait}. */
    String nextComment(Duration wait) throws InterruptedException {
        String comment = comments.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (comment == null) {
            throw new AssertionError("No comment line on the listen stream within " + wait);
        }
        return comment;
    }

    @Override
    public void close() throws Exception {
        subscription.get(30, TimeUnit.SECONDS).cancel();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription.complete(subscription);
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
        if (!header("Content-Type").startsWith("text/event-stream")) {
            data.add(line);
        } else if (line.startsWith("data:")) {
            data.add(line.substring("data:".length()).strip());
        } else if (line.startsWith(":")) {
            comments.add(line);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        // the stream ends: next() then says nothing came
    }

    @Override
    public void onComplete() {
        // likewise
    }
}
