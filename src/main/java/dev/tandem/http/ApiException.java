package dev.tandem.http;

import java.util.Map;

/**
 * A request Tandem answers with an error of its own: the HTTP status, the OpenAI error {@code type}, {@code code} and
 * {@code param}, a message a user can act on, and optional fields added beside {@code error} in the body.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final String code;
    private final String param;
    private final Map<String, Object> extra;
    private final Map<String, String> headers;

    public ApiException(int status, String type, String code, String message) {
        this(status, type, code, null, message, Map.of(), Map.of());
    }

    public ApiException(int status, String type, String code, String message, Map<String, Object> extra,
            Map<String, String> headers) {
        this(status, type, code, null, message, extra, headers);
    }

    /** An error about one field of the request, {@code param}. */
    public static ApiException about(String param, int status, String type, String code, String message) {
        return new ApiException(status, type, code, param, message, Map.of(), Map.of());
    }

    private ApiException(int status, String type, String code, String param, String message,
            Map<String, Object> extra, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
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

    /** The request field at fault, or null. */
    public String param() {
        return param;
    }

    public Map<String, Object> extra() {
        return extra;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
