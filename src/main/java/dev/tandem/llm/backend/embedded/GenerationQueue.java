package dev.tandem.llm.backend.embedded;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.tandem.llm.BackendException;
import dev.tandem.llm.BackendException.Kind;

/**
 * One generation at a time on the loaded model (llama.cpp would otherwise split the context between callers), at
 * most {@code limit} callers waiting in arrival order; one more is refused at once rather than left to time out.
 */
final class GenerationQueue {

    private final Semaphore turn = new Semaphore(1, true);
    private final AtomicInteger waiting = new AtomicInteger();
    private final int limit;

    GenerationQueue(int limit) {
        this.limit = limit;
    }

    <T> T inTurn(Instant deadline, Duration total, Supplier<T> generation) {
        if (!turn.tryAcquire()) {
            waitForTurn(deadline, total);
        }
        try {
            return generation.get();
        } finally {
            turn.release();
        }
    }

    int waiting() {
        return waiting.get();
    }

    private void waitForTurn(Instant deadline, Duration total) {
        if (waiting.incrementAndGet() > limit) {
            waiting.decrementAndGet();
            throw new BackendException(Kind.CIRCUIT_OPEN, "The embedded model is busy: one answer is being generated"
                    + " and " + limit + " more requests wait (TANDEM_LOCAL_QUEUE); try again shortly");
        }
        try {
            long left = Duration.between(Instant.now(), deadline).toNanos();
            if (!turn.tryAcquire(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                throw new BackendException(Kind.TIMEOUT, "The embedded model was busy with other answers for the"
                        + " whole " + total.toMillis() + " ms this call may take");
            }
        } catch (InterruptedException dropped) {
            Thread.currentThread().interrupt();
            throw new BackendException(Kind.CANCELLED, "The call to the embedded model was cancelled");
        } finally {
            waiting.decrementAndGet();
        }
    }
}
