package dev.tandem.mcp;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.tandem.http.ApiException;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.vertx.core.net.HostAndPort;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * The door of {@code /mcp} and {@code /api/tools}: {@code Host} and {@code Origin} against allow-lists (so a web
 * page that rebinds its DNS name to 127.0.0.1 gets 403), the bearer token when one is configured (401), and a
 * request size limit (413).
 */
public final class McpGuard {

    public static final String ADMITTED = "tandemMcpAdmitted";
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    /** Exact origins (scheme://host[:port]) and host names allowed besides loopback ones. */
    public record Settings(Optional<String> token, List<String> allowedOrigins, List<String> allowedHosts,
            long maxRequestBytes) {
        public Settings {
            // host names are case-insensitive: a listed "Gateway.Example" admits "gateway.example"
            allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        }
    }

    private record Refusal(int status, String message, Map<String, String> headers) {
    }

    private final Settings settings;
    private final McpJsonMapper json;

    public McpGuard(Settings settings, McpJsonMapper json) {
        this.settings = settings;
        this.json = json;
    }

    /** For {@code /mcp}: a refusal is answered here as a JSON-RPC error; the route goes on only when admitted. */
    public void admitMcp(Exchange exchange) {
        Refusal refusal = refusal(exchange);
        exchange.setProperty(ADMITTED, refusal == null);
        if (refusal != null) {
            new HttpReply(exchange.getMessage(HttpMessage.class).getResponse(), json).error(refusal.status(),
                    ErrorCodes.INVALID_REQUEST, refusal.message(), refusal.headers());
        }
    }

    /** For {@code /api/tools}: a refusal becomes an OpenAI-shaped error. */
    public void admitApi(Exchange exchange) {
        Refusal refusal = refusal(exchange);
        if (refusal != null) {
            throw new ApiException(refusal.status(), "invalid_request_error", "forbidden", refusal.message(),
                    Map.of(), refusal.headers());
        }
    }

    private Refusal refusal(Exchange exchange) {
        Message in = exchange.getMessage();
        // HTTP/2 carries the host as :authority, not as a Host header
        HostAndPort authority = exchange.getMessage(HttpMessage.class).getRequest().authority();
        String host = authority == null ? null : authority.host();
        if (host == null || !hostAllowed(host)) {
            return new Refusal(403, "Host '" + host + "' is not allowed: add it to TANDEM_MCP_ALLOWED_HOSTS.", Map.of());
        }
        String origin = in.getHeader("Origin", String.class);
        if (origin != null && !originAllowed(origin)) {
            return new Refusal(403, "Origin '" + origin + "' is not allowed: add it to TANDEM_MCP_ALLOWED_ORIGINS.",
                    Map.of());
        }
        if (settings.token().isPresent() && !bearerMatches(in.getHeader("Authorization", String.class))) {
            return new Refusal(401, "Send 'Authorization: Bearer <TANDEM_MCP_TOKEN>'.",
                    Map.of("WWW-Authenticate", "Bearer realm=\"tandem\""));
        }
        Long length = in.getHeader("Content-Length", Long.class);
        if (length != null && length > settings.maxRequestBytes()) {
            return new Refusal(413, "The request has " + length + " bytes; the limit (TANDEM_MCP_MAX_REQUEST_KB) is "
                    + settings.maxRequestBytes() + ".", Map.of());
        }
        return null;
    }

    private boolean hostAllowed(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return LOOPBACK.contains(name) || LOOPBACK.contains("[" + name + "]") || settings.allowedHosts().contains(name);
    }

    private boolean originAllowed(String origin) {
        if (settings.allowedOrigins().contains(origin)) {
            return true;
        }
        try {
            URI uri = URI.create(origin);
            String scheme = uri.getScheme();
            return ("http".equals(scheme) || "https".equals(scheme)) && uri.getHost() != null
                    && LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private boolean bearerMatches(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        byte[] expected = settings.token().orElseThrow().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, expected);
    }
}
