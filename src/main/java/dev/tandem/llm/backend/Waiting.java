package dev.tandem.llm.backend;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.tandem.llm.BackendException;

/**
 * Blocks the calling thread on a stream's next arrival until a deadline, and gives up promptly when the thread is
 * interrupted (the gateway cancels losing branches that way); either way the exchange is aborted so it frees its
 * connection. Whole answers are read by {@link WholeAnswers}.
 */
public final class Waiting {

    private Waiting() {
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
