package dev.tandem.mcp.modern;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.mcp.gateway.ParamHeaders;

/**
 * The 2026-07-28 request headers against the body they describe: {@code Mcp-Method} must name the method and, for
 * {@code tools/call}, {@code prompts/get} and {@code resources/read}, {@code Mcp-Name} the tool, prompt or resource.
 * Values that are not plain ASCII arrive as {@code =?base64?...?=} and are decoded before comparing. A proxy or cache
 * routes on these headers, so a request whose headers say something else than its body is refused; so is a tool call
 * whose {@code Mcp-Param-*} headers are not the arguments its tool marks {@code x-mcp-header}.
 */
final class RequestHeaders {

    static final String METHOD = "Mcp-Method";
    static final String NAME = "Mcp-Name";
    private static final String PARAM = "Mcp-Param-";
    private static final java.util.regex.Pattern BASE64 = java.util.regex.Pattern.compile("[A-Za-z0-9+/]*={0,2}");
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

    /**
     * What disagrees between the {@code Mcp-Param-<Name>} headers and the arguments the tool marks {@code x-mcp-header}:
     * a marked argument in the body needs its header, a header its argument, and the two the same value (an encoded
     * one once decoded, strictly: a proxy that routed on a value Tandem would read otherwise must not be believed).
     */
    static Optional<String> paramMismatch(Function<String, String> headers, ParamHeaders marks, JsonNode arguments) {
        Map<String, String> expected = marks.headers(arguments);
        for (Map.Entry<String, List<String>> mark : marks.paths().entrySet()) {
            String header = PARAM + mark.getKey();
            String argument = "arguments." + String.join(".", mark.getValue());
            String sent = headers.apply(header);
            String value = expected.get(mark.getKey());
            if (sent == null) {
                if (value != null) {
                    return Optional.of("The " + header + " header is missing: the tool marks " + argument
                            + " x-mcp-header, so send its value in that header too.");
                }
                continue;
            }
            Optional<String> decoded = strictlyDecoded(sent.strip());
            if (decoded.isEmpty()) {
                return Optional.of("The " + header + " header is not valid base64 between =?base64? and ?=: encode"
                        + " the UTF-8 bytes of " + argument + " with padding.");
            }
            if (value == null) {
                return Optional.of("The " + header + " header is sent but " + argument + " is not in the body: send"
                        + " both or neither.");
            }
            if (!decoded.get().equals(value) && !sameInteger(decoded.get(), value)) {
                return Optional.of("The " + header + " header is not " + argument + " of the body.");
            }
        }
        return Optional.empty();
    }

    /** The value, decoded when it is in the encoded form; empty when that form holds no valid, padded base64. */
    private static Optional<String> strictlyDecoded(String value) {
        if (!value.startsWith(ENCODED_START) || !value.endsWith(ENCODED_END)
                || value.length() < ENCODED_START.length() + ENCODED_END.length()) {
            return Optional.of(value);
        }
        String encoded = value.substring(ENCODED_START.length(), value.length() - ENCODED_END.length());
        if (encoded.length() % 4 != 0 || !BASE64.matcher(encoded).matches()) {
            return Optional.empty(); // the JDK's decoder would take "SGVsbG8" without its padding
        }
        return Optional.of(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
    }

    private static boolean sameInteger(String header, String value) {
        try {
            return Long.parseLong(header) == Long.parseLong(value);
        } catch (NumberFormatException e) {
            return false;
        }
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
