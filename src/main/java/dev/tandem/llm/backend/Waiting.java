package dev.tandem.llm.backend;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.tandem.llm.BackendException;

/**
 * Blocks the calling thread on an exchange until a deadline, and gives up promptly when the thread is interrupted
 * (the gateway cancels losing branches that way); either way the exchange is aborted so it frees its connection.
 */
public final class Waiting {

    /** Sends of one call at most when the client closes the connection under it: such closes come a few at once. */
    static final int SENDS = 3;
    /** How the JDK client words a failure of its own closing (17.0.15 and 25 alike). */
    private static final Set<String> CLIENT_CLOSES = Set.of("connection closed locally", "No key for channel");

    private Waiting() {
    }

    /** One exchange of the JDK client: {@code HttpClient.send} with its body handler. */
    @FunctionalInterface
    interface Exchange<T> {
        HttpResponse<T> send(HttpRequest request) throws IOException, InterruptedException;
    }

    /**
     * Sends the request on the calling thread and returns the response once its body is read. {@code send}, unlike
     * {@code sendAsync}, completes without handing the response to the common pool, which on a 2-core machine means a
     * new thread per call. The time left before the deadline is the request's timeout, which covers the wait for the
     * response: a non-streamed answer's body follows its headers in one write. An interrupt aborts the exchange.
     *
     * <p>A call is sent again, up to {@link #SENDS} sends in all, when the client itself closed the connection under
     * it ({@link #closedByTheClient}): while exchanges on a JDK client are aborted, as losing branches are, the
     * client now and then closes a connection another exchange is using, whose backend is fine (a few times in 10,000
     * aborts, on JDK 17 and 25 alike). Never after an interrupt, and never when the backend closed the connection.
     */
    public static <T> HttpResponse<T> send(HttpClient http, HttpRequest.Builder request, BodyHandler<T> body,
            Instant deadline, Supplier<BackendException> late, BackendFailures failures) {
        return send(built -> http.send(built, body), request, deadline, late, failures);
    }

    static <T> HttpResponse<T> send(Exchange<T> exchange, HttpRequest.Builder request, Instant deadline,
            Supplier<BackendException> late, BackendFailures failures) {
        for (int sent = 1; ; sent++) {
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw late.get();
            }
            try {
                return exchange.send(request.timeout(left).build());
            } catch (HttpConnectTimeoutException e) {
                throw failures.unreachable(e);
            } catch (HttpTimeoutException e) {
                throw late.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the caller may still want to see that it was interrupted
                throw failures.cancelled();
            } catch (IOException e) {
                if (sent == SENDS || !closedByTheClient(e) || Thread.currentThread().isInterrupted()) {
                    throw failures.unreachable(e);
                }
            }
        }
    }

    /**
     * Whether the JDK client failed the exchange because its own side closed the connection: the channel was closed
     * under it, or the client says so in its own words (its socket's "connection closed locally", its selector's
     * "No key for channel" for a channel closed meanwhile).
     */
    static boolean closedByTheClient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ClosedChannelException
                    || cause instanceof IOException && cause.getMessage() != null
                            && CLIENT_CLOSES.contains(cause.getMessage())) {
                return true;
            }
        }
        return false;
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
