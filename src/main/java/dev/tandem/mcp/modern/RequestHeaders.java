package dev.tandem.mcp.modern;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The 2026-07-28 request headers against the body they describe: {@code Mcp-Method} must name the method and, for
 * {@code tools/call}, {@code prompts/get} and {@code resources/read}, {@code Mcp-Name} the tool, prompt or resource.
 * Values that are not plain ASCII arrive as {@code =?base64?...?=} and are decoded before comparing. A proxy or cache
 * routes on these headers, so a request whose headers say something else than its body is refused.
 */
final class RequestHeaders {

    static final String METHOD = "Mcp-Method";
    static final String NAME = "Mcp-Name";
    private static final String ENCODED_START = "=?base64?";
    private static final String ENCODED_END = "?=";

    private RequestHeaders() {
    }

    /** What disagrees between headers and body, in words the client can act on; empty when nothing does. */
    static Optional<String> mismatch(Function<String, String> headers, String method, Map<?, ?> params) {
        String methodHeader = decoded(headers.apply(METHOD));
        if (methodHeader == null) {
            return Optional.of("The Mcp-Method header is missing: send it with the JSON-RPC method, here '" + method
                    + "'.");
        }
        if (!methodHeader.equals(method)) {
            return Optional.of("The Mcp-Method header '" + methodHeader + "' is not the body's method '" + method
                    + "'.");
        }
        String field = switch (method) {
            case "tools/call", "prompts/get" -> "name";
            case "resources/read" -> "uri";
            default -> null;
        };
        if (field == null) {
            return Optional.empty();
        }
        Object expected = params.get(field);
        String nameHeader = decoded(headers.apply(NAME));
        if (nameHeader == null) {
            return Optional.of("The Mcp-Name header is missing: " + method + " needs it, set to params." + field
                    + ".");
        }
        if (!nameHeader.equals(String.valueOf(expected))) {
            return Optional.of("The Mcp-Name header '" + nameHeader + "' is not params." + field + " of the body.");
        }
        return Optional.empty();
    }

    /** A header value as the client meant it: {@code =?base64?<UTF-8 in base64>?=} decoded, anything else as it is. */
    static String decoded(String value) {
        if (value == null || !value.startsWith(ENCODED_START) || !value.endsWith(ENCODED_END)
                || value.length() < ENCODED_START.length() + ENCODED_END.length()) {
            return value;
        }
        try {
            return new String(Base64.getDecoder().decode(value.substring(ENCODED_START.length(),
                    value.length() - ENCODED_END.length())), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value; // not base64: compared as sent, so it cannot match a body that does not carry it so
        }
    }
}
