package dev.tandem.http;

import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an exception caught on an HTTP route into a JSON error in the OpenAI shape ({@link ErrorBody}): an
 * {@link ApiException}'s own status, 400 for a bad request (the field at fault as {@code param}), 500 otherwise, never
 * a stack trace, every secret masked.
 */
public final class ErrorResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    public void respond(Exchange exchange) throws JsonProcessingException {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause instanceof ApiException api) {
            Map<String, Object> body = ErrorBody.of(api.getMessage(), api.type(), api.param(), api.code());
            body.putAll(api.extra());
            api.headers().forEach(exchange.getMessage()::setHeader);
            write(exchange, api.status(), body);
        } else if (cause instanceof InvalidRequestException invalid) {
            write(exchange, 400, ErrorBody.of(invalid.getMessage(), "invalid_request_error", invalid.param(),
                    "invalid_value"));
        } else if (cause instanceof JsonProcessingException notJson) {
            write(exchange, 400, ErrorBody.of(notJson(notJson), "invalid_request_error", null, "invalid_json"));
        } else {
            LOG.error("Request to {} failed", exchange.getMessage().getHeader(Exchange.HTTP_URI), cause);
            write(exchange, 500, ErrorBody.of("Tandem could not complete the request; the server log has the details.",
                    "server_error", null, null));
        }
    }

    private static void write(Exchange exchange, int status, Map<String, Object> body) throws JsonProcessingException {
        Message out = exchange.getMessage();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(JSON.writeValueAsString(body));
    }

    /** In our words: the parser's own message names its classes and settings, which mean nothing to a caller. */
    static String notJson(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ", column "
                + at.getColumnNr() + ")";
        if (e instanceof StreamConstraintsException) {
            return "The body is JSON Tandem will not read" + where + ": it nests too deeply or holds a number or"
                    + " text too long.";
        }
        return "The body is not valid JSON" + where + ": check its quotes, commas and brackets; numbers must be"
                + " finite (no NaN or Infinity).";
    }

}
