package dev.tandem.llm.backend.openai;

import java.net.http.HttpHeaders;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpResponse.ResponseInfo;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;

import dev.tandem.llm.BackendException;
import dev.tandem.llm.backend.BackendFailures;
import dev.tandem.llm.backend.Waiting;

/**
 * A response read line by line as it arrives and handed to the calling thread through a queue, so that the caller
 * can apply deadlines between lines and no thread waits on the socket.
 */
final class ArrivingLines implements BodyHandler<Void>, Flow.Subscriber<String> {

    sealed interface Arrival {
    }

    record Head(int status, HttpHeaders headers) implements Arrival {
    }

    record Line(String text) implements Arrival {
    }

    /** The body ended normally. */
    record End() implements Arrival {
    }

    /** The exchange failed: before {@link Head}, the connection; after it, the body. */
    record Broken(Throwable cause) implements Arrival {
    }

    private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;

    @Override
    public BodySubscriber<Void> apply(ResponseInfo info) {
        arrivals.add(new Head(info.statusCode(), info.headers()));
        return BodySubscribers.fromLineSubscriber(this, subscriber -> null, StandardCharsets.UTF_8, null);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
        arrivals.add(new Line(line));
    }

    @Override
    public void onError(Throwable failure) {
        arrivals.add(new Broken(failure));
    }

    @Override
    public void onComplete() {
        arrivals.add(new End());
    }

    /** The exchange failed before any body could be subscribed to (connection refused, ...). */
    void exchangeFailed(Throwable failure) {
        arrivals.add(new Broken(failure));
    }

    Arrival next(Instant deadline, Runnable abort, Supplier<BackendException> late, BackendFailures failures) {
        return Waiting.forNext(arrivals, deadline, abort, late, failures);
    }

    void stopReading() {
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }
}
