package dev.tandem.llm.backend;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

import dev.tandem.llm.BackendException;
import dev.tandem.llm.BackendException.Kind;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failures of one backend, classified, with messages a user can act on. They name the backend and the setting
 * that holds its address, never the address itself: answers reach people who need not know it. The address and the
 * low-level cause go to the log.
 */
public final class BackendFailures {

    private static final Logger LOG = LoggerFactory.getLogger(BackendFailures.class);

    private final String backend;
    private final String addressSetting;
    private final String endpoint;

    /**
     * @param backend        the backend for people, e.g. {@code Ollama}
     * @param addressSetting the environment variable that holds its address, e.g. {@code TANDEM_OLLAMA_URL}
     * @param endpoint       its address without credentials, for the log
     */
    public BackendFailures(String backend, String addressSetting, String endpoint) {
        this.backend = backend;
        this.addressSetting = addressSetting;
        this.endpoint = endpoint;
    }

    public BackendException unreachable(Throwable cause) {
        Throwable root = rootOf(cause);
        LOG.warn("{} at {} could not be reached: {}", backend, endpoint, root.toString());
        String message = connectTimedOut(cause)
                ? backend + " did not accept the connection in time: is " + addressSetting + " right?"
                : root instanceof ConnectException
                        ? backend + " refused the connection: is it running at the address " + addressSetting
                                + " gives?"
                        : backend + " closed the connection before answering";
        return new BackendException(Kind.UNREACHABLE, message, null, null, root);
    }

    /** An HTTP error status, with the error message and code the body carried and the Retry-After header. */
    public BackendException forStatus(int status, String errorMessage, String errorCode, Optional<String> retryAfter) {
        String said = errorMessage == null || errorMessage.isBlank() ? "" : ": " + withoutAddress(errorMessage);
        if (status == 429) {
            Duration wait = retryAfter.flatMap(BackendFailures::parseRetryAfter).orElse(null);
            String when = wait == null ? "" : " (retry after " + wait.toSeconds() + " s)";
            return new BackendException(Kind.RATE_LIMITED, backend + " is rate limiting requests" + when + said,
                    errorCode, wait, null);
        }
        if (status == 401 || status == 403) {
            return new BackendException(Kind.REJECTED, backend + " refused the credentials (HTTP " + status
                    + "): check the API key", "authentication", null, null);
        }
        if (status >= 500) {
            return new BackendException(Kind.SERVER_ERROR, backend + " failed with HTTP " + status + said);
        }
        return new BackendException(Kind.REJECTED, backend + " rejected the request with HTTP " + status + said,
                rejectionCode(errorMessage, errorCode), null, null);
    }

    /** A backend's own words without its address (a proxy's or a server's error page may quote it). */
    private String withoutAddress(String said) {
        String hidden = "(" + addressSetting + ")";
        String scrubbed = said.replace(endpoint, hidden);
        try {
            String authority = java.net.URI.create(endpoint).getRawAuthority();
            return authority == null ? scrubbed : scrubbed.replace(authority, hidden);
        } catch (IllegalArgumentException notAUrl) {
            return scrubbed;
        }
    }

    public BackendException timeout(Duration total) {
        return new BackendException(Kind.TIMEOUT, backend + " gave no complete answer within " + seconds(total));
    }

    public BackendException firstTokenTimeout(Duration firstToken) {
        return new BackendException(Kind.FIRST_TOKEN_TIMEOUT,
                backend + " sent no first token within " + seconds(firstToken));
    }

    public BackendException cutOff() {
        return new BackendException(Kind.CUT_OFF, backend + " ended the stream before the answer was complete");
    }

    public BackendException malformed(String what) {
        return new BackendException(Kind.MALFORMED, backend + " answered " + what);
    }

    public BackendException empty() {
        return new BackendException(Kind.EMPTY, backend + " answered with no text");
    }

    public BackendException cancelled() {
        return new BackendException(Kind.CANCELLED, "The call to " + backend + " was cancelled");
    }

    /** Retry-After in either of its two forms: delay-seconds or an HTTP-date. */
    public static Optional<Duration> parseRetryAfter(String header) {
        String value = header.trim();
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(Instant.now(), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    private static String rejectionCode(String errorMessage, String errorCode) {
        if (errorCode != null) {
            return errorCode;
        }
        String message = errorMessage == null ? "" : errorMessage.toLowerCase(Locale.ROOT);
        // Ollama has no error codes: its message is the only hint that the prompt did not fit
        return message.contains("context") || message.contains("length") ? "context_length_exceeded" : null;
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** The JDK client's connect timeout, or Apache HttpClient's (whose root cause is a plain socket timeout). */
    private static boolean connectTimedOut(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootOf(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root && !(root instanceof IOException)) {
            root = root.getCause();
        }
        return root;
    }
}
