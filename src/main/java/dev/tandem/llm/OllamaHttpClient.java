package dev.tandem.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * langchain4j's HTTP transport for Ollama, on the JDK client, speaking Tandem's failures: it honours the deadline of
 * the {@link OllamaCall} on the calling thread, can be aborted, keeps Retry-After, and reports a stream that ends
 * without {@code done:true} (langchain4j's OllamaClient ignores such an end and would wait forever).
 */
final class OllamaHttpClient implements HttpClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final java.net.http.HttpClient http;
    private final Duration readTimeout;
    private final BackendFailures failures;

    OllamaHttpClient(java.net.http.HttpClient http, Duration readTimeout, BackendFailures failures) {
        this.http = http;
        this.readTimeout = readTimeout;
        this.failures = failures;
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        CompletableFuture<HttpResponse<String>> exchange = http.sendAsync(toJdk(request), BodyHandlers.ofString());
        OllamaCall call = OllamaCall.current(readTimeout);
        HttpResponse<String> response = Waiting.forResult(exchange, call.deadline(), () -> exchange.cancel(true),
                () -> failures.timeout(call.total()), failures);
        if (!isSuccess(response.statusCode())) {
            throw failure(response, response.body());
        }
        return SuccessfulHttpResponse.builder().statusCode(response.statusCode())
                .headers(response.headers().map()).body(response.body()).build();
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        CompletableFuture<HttpResponse<InputStream>> exchange =
                http.sendAsync(toJdk(request), BodyHandlers.ofInputStream());
        OllamaCall.current(readTimeout).onAbort(() -> {
            exchange.cancel(true);
            exchange.thenAccept(response -> closeQuietly(response.body()));
        });
        exchange.whenComplete((response, failure) -> {
            if (failure != null) {
                listener.onError(failures.unreachable(failure));
            } else if (!isSuccess(response.statusCode())) {
                listener.onError(failure(response, readQuietly(response.body())));
            } else {
                stream(response, parser, listener);
            }
        });
    }

    private void stream(HttpResponse<InputStream> response, ServerSentEventParser parser,
            ServerSentEventListener listener) {
        listener.onOpen(SuccessfulHttpResponse.builder().statusCode(response.statusCode())
                .headers(response.headers().map()).build());
        ServerSentEventListener reportingCuts = new ServerSentEventListener() {
            @Override
            public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
                listener.onEvent(event, context);
            }

            @Override
            public void onEvent(ServerSentEvent event) {
                listener.onEvent(event);
            }

            @Override
            public void onError(Throwable brokenStream) {
                listener.onError(failures.cutOff());
            }
        };
        try (InputStream body = response.body()) {
            parser.parse(body, reportingCuts);
        } catch (IOException closing) {
            // the answer, if complete, was delivered; a broken one is reported below
        }
        // a complete answer has been delivered by now, so only a stream that ended without done:true minds this
        reportingCuts.onError(null);
    }

    private RuntimeException failure(HttpResponse<?> response, String body) {
        return failures.forStatus(response.statusCode(), errorMessage(body), null,
                response.headers().firstValue("Retry-After"));
    }

    /** Ollama's {@code {"error": "..."}}, or the body itself when a proxy in between answered. */
    private static String errorMessage(String body) {
        try {
            return JSON.readTree(body).path("error").asText(body);
        } catch (IOException notJson) {
            return body.length() > 200 ? body.substring(0, 200) + "..." : body;
        }
    }

    private static java.net.http.HttpRequest toJdk(HttpRequest request) {
        java.net.http.HttpRequest.Builder jdk = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
        request.headers().forEach((name, values) -> values.forEach(value -> jdk.header(name, value)));
        jdk.method(request.method().name(), request.body() == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
        return jdk.build();
    }

    private static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    private static String readQuietly(InputStream body) {
        try (body) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // already aborted: nothing left to release
        }
    }
}
