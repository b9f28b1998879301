package dev.tandem.http;

import java.util.Locale;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * Only the headers a response means to send leave Tandem. Camel's default would echo every message header, request
 * parameters included, back to the client: noise at best, a broken response when a parameter holds a newline.
 */
public final class ResponseHeaders extends HttpHeaderFilterStrategy {

    private static final Set<String> ALLOWED = Set.of("content-type", "cache-control", "retry-after", "location",
            "www-authenticate", "allow", "mcp-session-id", "mcp-protocol-version");

    @Override
    public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!ALLOWED.contains(lower) && !lower.startsWith("x-tandem-")) {
            return true;
        }
        return super.applyFilterToCamelHeaders(name, value, exchange);
    }
}
