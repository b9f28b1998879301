package dev.tandem.http;

/**
 * A request Tandem will not serve as sent; the message tells the caller what to change. Answered with 400, its
 * {@code param} naming the request field at fault when there is one.
 */
public final class InvalidRequestException extends RuntimeException {

    private final String param;

    public InvalidRequestException(String message) {
        this(null, message);
    }

    public InvalidRequestException(String param, String message) {
        super(message);
        this.param = param;
    }

    /** The request field at fault ({@code "messages"}, {@code "tools"}...), or null. */
    public String param() {
        return param;
    }
}
