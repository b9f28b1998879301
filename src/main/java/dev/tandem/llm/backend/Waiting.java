package dev.tandem.llm.backend;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import dev.tandem.llm.BackendException;

/**
 * Blocks the calling thread on an exchange until a deadline, and gives up promptly when the thread is interrupted
 * (the gateway cancels losing branches that way); either way the exchange is aborted so it frees its connection.
 */
public final class Waiting {

    private Waiting() {
    }

    /** The result of {@code pending}; failures not yet classified are transport failures. */
    public static <T> T forResult(CompletableFuture<T> pending, Instant deadline, Runnable abort,
            Supplier<BackendException> late, BackendFailures failures) {
        try {
            return pending.get(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abort.run();
            throw late.get();
        } catch (InterruptedException e) {
            throw cancelled(abort, failures);
        } catch (CancellationException e) {
            throw failures.cancelled();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof BackendException classified ? classified : failures.unreachable(e.getCause());
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
