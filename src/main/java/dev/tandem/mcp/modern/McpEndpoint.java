package dev.tandem.mcp.modern;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.mcp.HttpReply;
import dev.tandem.mcp.StreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /mcp} for both eras: each request goes where what it carries says ({@link Era}): 2026-07-28 requests to the
 * stateless {@link ModernEndpoint}, everything else to today's session transport, unchanged. A 2026-07-28 client has
 * no session to open a stream for or to end, so its {@code GET} and {@code DELETE} get 405.
 */
public final class McpEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(McpEndpoint.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StreamableHttpTransport legacy;
    private final ModernEndpoint modern;
    private final McpJsonMapper json;

    McpEndpoint(StreamableHttpTransport legacy, ModernEndpoint modern, McpJsonMapper json) {
        this.legacy = legacy;
        this.modern = modern;
        this.json = json;
    }

    public void post(Exchange exchange) {
        Message in = exchange.getMessage();
        String version = in.getHeader(HttpHeaders.PROTOCOL_VERSION, String.class);
        // a 2025 version, or a session without a version (Era.of's answer whatever the body): no need to read it here
        if (Era.legacyHeader(version) || version == null && in.getHeader(HttpHeaders.MCP_SESSION_ID) != null) {
            legacy.post(exchange);
            return;
        }
        String body = in.getBody(String.class);
        in.setBody(body); // read once here, again by the session transport
        Map<?, ?> message = object(body);
        if (Era.of(version, in.getHeader(RequestHeaders.METHOD, String.class),
                in.getHeader(HttpHeaders.MCP_SESSION_ID, String.class), message) == Era.LEGACY) {
            legacy.post(exchange);
        } else if (message == null) {
            reply(exchange).error(400, body == null || body.isBlank() || body.stripLeading().startsWith("[")
                    ? -32600 : -32700, "The body must be one JSON-RPC 2.0 request (a JSON object; no batches).");
        } else {
            modern.post(message, name -> in.getHeader(name, String.class), reply(exchange));
        }
    }

    public void get(Exchange exchange) throws InterruptedException {
        if (modernHeader(exchange)) {
            refuse(exchange);
        } else {
            legacy.get(exchange);
        }
    }

    public void delete(Exchange exchange) {
        if (modernHeader(exchange)) {
            refuse(exchange);
        } else {
            legacy.delete(exchange);
        }
    }

    /**
     * The answer to an exception no handler answered, a bug: logged with its stack trace, and a JSON-RPC internal
     * error (500, -32603) with the request's id when the body had one, unless a stream had already begun.
     */
    public void failed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.error("MCP request failed", cause);
        HttpReply reply = reply(exchange);
        if (reply.begun()) {
            return;
        }
        Map<?, ?> message = object(exchange.getMessage().getBody(String.class));
        reply.error(500, message == null ? null : message.get("id"), ErrorCodes.INTERNAL_ERROR, "Tandem could not"
                + " complete the request; the server log has the details.", Map.of());
    }

    private static boolean modernHeader(Exchange exchange) {
        return Era.modernHeader(exchange.getMessage().getHeader(HttpHeaders.PROTOCOL_VERSION, String.class));
    }

    private void refuse(Exchange exchange) {
        reply(exchange).error(405, -32600, "Without a session there is no stream to open or session to end:"
                + " send each request with POST.", Map.of("Allow", "POST"));
    }

    private static Map<?, ?> object(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readValue(body, Object.class) instanceof Map<?, ?> m
                    ? m : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private HttpReply reply(Exchange exchange) {
        return new HttpReply(exchange.getMessage(HttpMessage.class).getResponse(), json);
    }
}
