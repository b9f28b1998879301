package dev.tandem.llm;

import java.time.Duration;
import java.util.Optional;

/**
 * A backend call that gave no usable answer, classified so that strategies, circuit breakers and the API can act
 * on it. The message is safe to show to a user; it never carries a stack trace.
 */
public class BackendException extends RuntimeException {

    public enum Kind {
        /** connection refused or reset before any answer */
        UNREACHABLE,
        /** the backend answered 5xx */
        SERVER_ERROR,
        /** the backend answered 429; {@link #retryAfter()} says for how long */
        RATE_LIMITED,
        /** no complete answer within the total deadline */
        TIMEOUT,
        /** a streamed answer whose first token came too late */
        FIRST_TOKEN_TIMEOUT,
        /** the stream ended before the backend said the answer was complete */
        CUT_OFF,
        /** a body that is not what the protocol says */
        MALFORMED,
        /** the request itself was refused (context length, content policy): retrying cannot help */
        REJECTED,
        /** the backend answered, with nothing in it */
        EMPTY,
        /** an answer longer than the configured limit: refused rather than held in memory or cut */
        TOO_LARGE,
        /** a tool call or JSON answer that breaks what the request offered: an unknown tool, bad JSON, a schema */
        INVALID,
        /** not called: its circuit breaker is open or it asked to be left alone (Retry-After) */
        CIRCUIT_OPEN,
        /** not needed any more: another branch won */
        CANCELLED
    }

    private final Kind kind;
    private final String code;
    private final Duration retryAfter;

    public BackendException(Kind kind, String message) {
        this(kind, message, null, null, null);
    }

    public BackendException(Kind kind, String message, String code, Duration retryAfter, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    /** A machine-readable reason for {@link Kind#REJECTED}: {@code context_length_exceeded}, {@code content_policy_violation}. */
    public Optional<String> code() {
        return Optional.ofNullable(code);
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Whether this failure says the backend is unwell (and so counts against its circuit breaker). */
    public boolean isOutage() {
        return switch (kind) {
            case UNREACHABLE, SERVER_ERROR, RATE_LIMITED, TIMEOUT, FIRST_TOKEN_TIMEOUT, CUT_OFF, MALFORMED -> true;
            case REJECTED, EMPTY, TOO_LARGE, INVALID, CIRCUIT_OPEN, CANCELLED -> false;
        };
    }
}
