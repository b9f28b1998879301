package dev.tandem.ingest;

/**
 * A document that will never ingest as it is (unreadable, unsupported, empty, too large, refused by the index).
 * Retrying does not help: the file goes to {@code .failed/} with this message as its reason.
 */
public final class DocumentRejectedException extends RuntimeException {

    public DocumentRejectedException(String message) {
        super(message);
    }
}
