package dev.tandem.llm.backend.ollama;

import java.net.http.HttpResponse.ResponseInfo;
import java.util.concurrent.Flow;

import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.tandem.llm.backend.BackendFailures;

/**
 * Hands each NDJSON line of an Ollama stream to langchain4j's listener as one event, and reports the end of a stream
 * as {@link BackendException.Kind#CUT_OFF}: langchain4j's OllamaClient ignores an end without {@code done:true},
 * while a complete answer has already been delivered when the end comes, so only a cut stream minds.
 */
final class OllamaStreamLines implements Flow.Subscriber<String> {

    private final ResponseInfo head;
    private final ServerSentEventListener listener;
    private final BackendFailures failures;
    private volatile Flow.Subscription subscription;

    OllamaStreamLines(ResponseInfo head, ServerSentEventListener listener, BackendFailures failures) {
        this.head = head;
        this.listener = listener;
        this.failures = failures;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        listener.onOpen(SuccessfulHttpResponse.builder().statusCode(head.statusCode())
                .headers(head.headers().map()).build());
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
        if (line.isBlank()) {
            return;
        }
        try {
            listener.onEvent(new ServerSentEvent(null, line));
        } catch (RuntimeException unreadable) {
            listener.onError(failures.malformed("a stream line that is not an Ollama chat response"));
            stopReading();
        }
    }

    @Override
    public void onError(Throwable broken) {
        listener.onError(failures.cutOff());
    }

    @Override
    public void onComplete() {
        listener.onError(failures.cutOff());
    }

    void stopReading() {
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }
}
