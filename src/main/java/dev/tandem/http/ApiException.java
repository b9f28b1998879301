package dev.tandem.http;

import java.util.Map;

/**
 * A request Tandem answers with an error of its own: the HTTP status, the OpenAI error {@code type} and
 * {@code code}, a message a user can act on, and optional fields added beside {@code error} in the body.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final String code;
    private final Map<String, Object> extra;
    private final Map<String, String> headers;

    public ApiException(int status, String type, String code, String message) {
        this(status, type, code, message, Map.of(), Map.of());
    }

    public ApiException(int status, String type, String code, String message, Map<String, Object> extra,
            Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.extra = extra;
        this.headers = headers;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> extra() {
        return extra;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
