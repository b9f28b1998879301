package dev.tandem.http;

/** A request Tandem will not serve as sent; the message tells the caller what to change. Answered with 400. */
public final class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
