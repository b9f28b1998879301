package dev.tandem.llm.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.tandem.llm.BackendException;

/** Interrupts the calling thread 100 ms into a backend call, as the gateway does to a losing branch. */
public final class Interruption {

    private Interruption() {
    }

    /** How long the call took to give up; asserts it gave up as {@link BackendException.Kind#CANCELLED}. */
    public static Duration timeToCancel(Runnable call) {
        Thread caller = Thread.currentThread();
        long start = System.nanoTime();
        CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS).execute(caller::interrupt);
        BackendException failure = catchThrowableOfType(BackendException.class, call::run);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Thread.interrupted();
        assertThat(failure).isNotNull();
        assertThat(failure.kind()).isEqualTo(BackendException.Kind.CANCELLED);
        return took;
    }
}
