package dev.tandem.http;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an exception caught on an HTTP route into a JSON error in the OpenAI shape
 * {@code {"error": {"message", "type", "code"}}}: 400 for a bad request, 500 otherwise, never a stack trace.
 */
public final class ErrorResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    public void respond(Exchange exchange) throws JsonProcessingException {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
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
            message = "The body is not valid JSON: " + ((JsonProcessingException) cause).getOriginalMessage();
        } else {
            status = 500;
            type = "server_error";
            message = "Tandem could not complete the request; the server log has the details.";
            LOG.error("Request to {} failed", exchange.getMessage().getHeader(Exchange.HTTP_URI), cause);
        }
        Message out = exchange.getMessage();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(JSON.writeValueAsString(Map.of("error", Map.of("message", message, "type", type, "code", status))));
    }
}
