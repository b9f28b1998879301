package dev.tandem.search;

/** Elasticsearch cannot take writes now (overloaded, recovering, unreachable): worth retrying later. */
public final class IndexUnavailableException extends RuntimeException {

    public IndexUnavailableException(String message) {
        super(message);
    }
}
