package dev.tandem.llm.backend.ollama;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import dev.tandem.llm.backend.BackendFailures;
import dev.tandem.llm.backend.WholeAnswers;

/**
 * langchain4j's HTTP transport for Ollama (whole answers on {@link WholeAnswers}, streams on the JDK client), speaking
 * Tandem's failures: it honours the deadline of the {@link OllamaCall} on the calling thread, can be aborted, keeps
 * Retry-After, and reports a stream that ends without {@code done:true} (langchain4j's OllamaClient ignores such an end
 * and would wait forever).
 */
final class OllamaHttpClient implements HttpClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Streams. */
    private final java.net.http.HttpClient http;
    /** Whole answers. */
    private final WholeAnswers answers;
    private final Duration readTimeout;
    private final BackendFailures failures;

    OllamaHttpClient(java.net.http.HttpClient http, WholeAnswers answers, Duration readTimeout,
            BackendFailures failures) {
        this.http = http;
        this.answers = answers;
        this.readTimeout = readTimeout;
        this.failures = failures;
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        OllamaCall call = OllamaCall.current(readTimeout);
        WholeAnswers.Answer response = answers.send(request.method().name(), URI.create(request.url()),
                request.headers(), request.body(), call.deadline(), () -> failures.timeout(call.total()), failures);
        if (!isSuccess(response.status())) {
            throw failure(response.status(), response.header("Retry-After"), response.body());
        }
        return SuccessfulHttpResponse.builder().statusCode(response.status()).headers(response.headers())
                .body(response.body()).build();
    }

    /**
     * Ollama streams NDJSON, one event per line, so the JDK client's line subscriber replaces langchain4j's
     * {@code parser}: lines arrive in order even when the connection breaks right after them, and no thread waits on
     * the socket.
     */
    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        AtomicReference<OllamaStreamLines> lines = new AtomicReference<>();
        CompletableFuture<HttpResponse<Void>> exchange = http.sendAsync(toJdk(request).build(), head -> {
            if (!isSuccess(head.statusCode())) {
                return BodySubscribers.mapping(BodySubscribers.ofString(StandardCharsets.UTF_8), body -> {
                    listener.onError(failure(head.statusCode(), head.headers().firstValue("Retry-After"), body));
                    return null;
                });
            }
            lines.set(new OllamaStreamLines(head, listener, failures));
            return BodySubscribers.fromLineSubscriber(lines.get(), subscriber -> null, StandardCharsets.UTF_8, null);
        });
        exchange.whenComplete((response, failure) -> {
            if (failure != null && lines.get() == null) {
                listener.onError(failures.unreachable(failure));
            }
        });
        OllamaCall.current(readTimeout).onAbort(() -> {
            exchange.cancel(true);
            Optional.ofNullable(lines.get()).ifPresent(OllamaStreamLines::stopReading);
        });
    }

    private RuntimeException failure(int status, Optional<String> retryAfter, String body) {
        return failures.forStatus(status, errorMessage(body), null, retryAfter);
    }

    /** Ollama's {@code {"error": "..."}}, or the body itself when a proxy in between answered. */
    private static String errorMessage(String body) {
        try {
            return JSON.readTree(body).path("error").asText(body);
        } catch (IOException notJson) {
            return body.length() > 200 ? body.substring(0, 200) + "..." : body;
        }
    }

    private static java.net.http.HttpRequest.Builder toJdk(HttpRequest request) {
        java.net.http.HttpRequest.Builder jdk = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
        request.headers().forEach((name, values) -> values.forEach(value -> jdk.header(name, value)));
        jdk.method(request.method().name(), request.body() == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
        return jdk;
    }

    private static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }
}
