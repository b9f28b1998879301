package dev.tandem.llm.backend;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.tandem.llm.BackendException;

/**
 * Blocks the calling thread on an exchange until a deadline, and gives up promptly when the thread is interrupted
 * (the gateway cancels losing branches that way); either way the exchange is aborted so it frees its connection.
 */
public final class Waiting {

    private Waiting() {
    }

    /**
     * Sends the request on the calling thread and returns the response once its body is read. {@code send}, unlike
     * {@code sendAsync}, completes without handing the response to the common pool, which on a 2-core machine means a
     * new thread per call. The time left before the deadline is the request's timeout, which covers the wait for the
     * response: a non-streamed answer's body follows its headers in one write. An interrupt aborts the exchange.
     */
    public static <T> HttpResponse<T> send(HttpClient http, HttpRequest.Builder request, BodyHandler<T> body,
            Instant deadline, Supplier<BackendException> late, BackendFailures failures) {
        Duration left = Duration.between(Instant.now(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw late.get();
        }
        try {
            return http.send(request.timeout(left).build(), body);
        } catch (HttpConnectTimeoutException e) {
            throw failures.unreachable(e);
        } catch (HttpTimeoutException e) {
            throw late.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the caller may still want to see that it was interrupted
            throw failures.cancelled();
        } catch (IOException e) {
            throw failures.unreachable(e);
        }
    }

    /** The next item that arrives, in order. */
    public static <E> E forNext(BlockingQueue<E> arrivals, Instant deadline, Runnable abort,
            Supplier<BackendException> late, BackendFailures failures) {
        try {
            E next = arrivals.poll(remaining(deadline), TimeUnit.NANOSECONDS);
            if (next == null) {
                abort.run();
                throw late.get();
            }
            return next;
        } catch (InterruptedException e) {
            throw cancelled(abort, failures);
        }
    }

    private static BackendException cancelled(Runnable abort, BackendFailures failures) {
        abort.run();
        Thread.currentThread().interrupt(); // the caller may still want to see that it was interrupted
        return failures.cancelled();
    }

    private static long remaining(Instant deadline) {
        return Math.max(0, Duration.between(Instant.now(), deadline).toNanos());
    }
}
