package dev.tandem.http;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.config.Secrets;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an exception caught on an HTTP route into a JSON error in the OpenAI shape
 * {@code {"error": {"message", "type", "code"}}}: an {@link ApiException}'s own status, 400 for a bad
 * request, 500 otherwise, never a stack trace, every secret masked.
 */
public final class ErrorResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    public void respond(Exchange exchange) throws JsonProcessingException {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause instanceof ApiException api) {
            respond(exchange, api);
            return;
        }
        int status;
        String type;
        String message;
        if (cause instanceof InvalidRequestException) {
            status = 400;
            type = "invalid_request_error";
            message = cause.getMessage();
        } else if (cause instanceof JsonProcessingException) {
            status = 400;
            type = "invalid_request_error";
            message = notJson((JsonProcessingException) cause);
        } else {
            status = 500;
            type = "server_error";
            message = "Tandem could not complete the request; the server log has the details.";
            LOG.error("Request to {} failed", exchange.getMessage().getHeader(Exchange.HTTP_URI), cause);
        }
        Message out = exchange.getMessage();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(JSON.writeValueAsString(Map.of("error", Map.of("message", Secrets.maskText(message), "type", type,
                "code", status))));
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

    private static void respond(Exchange exchange, ApiException api) throws JsonProcessingException {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", Secrets.maskText(api.getMessage()));
        error.put("type", api.type());
        error.put("param", null);
        error.put("code", api.code());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.putAll(api.extra());
        Message out = exchange.getMessage();
        api.headers().forEach(out::setHeader);
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, api.status());
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(JSON.writeValueAsString(body));
    }
}
