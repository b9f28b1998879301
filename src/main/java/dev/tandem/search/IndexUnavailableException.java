package dev.tandem.search;

/** Elasticsearch cannot take writes or answer searches now (overloaded, recovering, unreachable): retry later. */
public final class IndexUnavailableException extends RuntimeException {

    public IndexUnavailableException(String message) {
        super(message);
    }

    public IndexUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
