package dev.tandem.llm.backend.ollama;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The Ollama call running on this thread: its deadline, and how to abort its HTTP exchange. langchain4j has no
 * per-call timeout or cancel, but it starts every exchange on the caller's thread, so {@link OllamaHttpClient} finds
 * the call here.
 */
final class OllamaCall {

    private static final ThreadLocal<OllamaCall> CURRENT = new ThreadLocal<>();

    private final Duration total;
    private final Instant deadline;
    private volatile Runnable abort = () -> { };

    private OllamaCall(Duration total) {
        this.total = total;
        this.deadline = Instant.now().plus(total);
    }

    /** Runs {@code call} on this thread as one Ollama call that must complete within {@code total}. */
    static <T> T within(Duration total, Supplier<T> call) {
        CURRENT.set(new OllamaCall(total));
        try {
            return call.get();
        } finally {
            CURRENT.remove();
        }
    }

    /** The call running on this thread, or a new one of {@code fallback} for exchanges outside any call. */
    static OllamaCall current(Duration fallback) {
        OllamaCall call = CURRENT.get();
        return call != null ? call : new OllamaCall(fallback);
    }

    Duration total() {
        return total;
    }

    Instant deadline() {
        return deadline;
    }

    void onAbort(Runnable action) {
        this.abort = action;
    }

    void abort() {
        abort.run();
    }
}
