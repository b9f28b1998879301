package dev.tandem.llm.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import dev.tandem.llm.BackendException;

/**
 * Interrupts the calling thread while a backend call waits for its answer, as the gateway does to a losing branch:
 * once the emulator has the request, so a slow start on a loaded machine is never what gets interrupted.
 */
public final class Interruption {

    private Interruption() {
    }

    /** How long the call took to give up; asserts it gave up as {@link BackendException.Kind#CANCELLED}. */
    public static Duration timeToCancel(IntSupplier requestsReceived, Runnable call) {
        Thread caller = Thread.currentThread();
        int before = requestsReceived.getAsInt();
        ScheduledExecutorService interrupter = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime();
        interrupter.scheduleWithFixedDelay(() -> {
            if (requestsReceived.getAsInt() > before) {
                caller.interrupt();
                throw new IllegalStateException("interrupted once: stop polling");
            }
        }, 10, 10, TimeUnit.MILLISECONDS);
        BackendException failure;
        try {
            failure = catchThrowableOfType(BackendException.class, call::run);
        } finally {
            interrupter.shutdownNow();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Thread.interrupted();
        assertThat(failure).isNotNull();
        assertThat(failure.kind()).isEqualTo(BackendException.Kind.CANCELLED);
        return took;
    }
}
