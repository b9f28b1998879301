package dev.tandem.http;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.config.Secrets;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;

/**
 * The one door of Tandem's HTTP server, a Vert.x handler ahead of every platform-http route (see
 * {@link GuardInstaller}): {@code Host} and {@code Origin} against allow-lists (so a web page that rebinds its DNS name
 * to 127.0.0.1 gets 403), the bearer token or an API key when one is configured (401), the key's scope for the path
 * (403), its requests per minute (429 with {@code Retry-After}), the body limit (413) and the query parameters (each
 * once, none named {@code tandem*}: 400); a body typed as a form is read as its bytes (no door takes form fields);
 * the console's static files ({@link ConsoleFiles}) need Host and Origin only. It also answers requests no route takes
 * (404, 405). Refusals of {@code /mcp} are JSON-RPC errors; the others are OpenAI-shaped.
 */
public final class Guard implements Handler<RoutingContext> {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
    private static final Refusal NO_HOST = new Refusal(400, "missing_host", "The request has no valid Host header:"
            + " send the host and port it is addressed to, as HTTP/1.1 requires.", Map.of());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String MULTIPART = "multipart/form-data";
    /** The one door that takes a multipart upload: a file with its name. */
    private static final String INBOX = "/api/inbox";
    /** Tandem's own message headers start so; query parameters become message headers too. */
    private static final String RESERVED = "tandem";

    /** Exact origins (scheme://host[:port]) and host names allowed besides loopback ones; the body limit. */
    public record Settings(List<String> allowedOrigins, List<String> allowedHosts, long maxRequestBytes) {
        public Settings {
            // host names are case-insensitive: a listed "Gateway.Example" admits "gateway.example"
            allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        }
    }

    private record Refusal(int status, String code, String message, Map<String, String> headers) {
    }

    private final Settings settings;
    private final ApiKeys keys;
    private final RequestBudgets budgets;
    private final CallerMetrics metrics;

    public Guard(Settings settings, ApiKeys keys, RequestBudgets budgets, CallerMetrics metrics) {
        this.settings = settings;
        this.keys = keys;
        this.budgets = budgets;
        this.metrics = metrics;
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        // only the guard says who the caller is
        request.headers().remove(Caller.HEADER);
        String path = context.normalizedPath();
        Caller[] admitted = new Caller[1];
        Refusal refusal = refusal(request, path, admitted);
        if (refusal == null) {
            if (admitted[0] != null) {
                request.headers().set(Caller.HEADER, admitted[0].header());
                metrics.admitted(admitted[0]);
            }
            readFormAsItsBody(request, path);
            context.next();
            return;
        }
        refuse(context, path, refusal);
    }

    /**
     * A body sent as a form ({@code curl -d} and {@code --data-binary} send one unless told otherwise) is read as the
     * bytes it is: no door of Tandem takes form fields, and the HTTP server would take the body apart into fields,
     * leaving a JSON request or an uploaded file unreadable, and make each field a message header (a field named
     * {@link Caller#HEADER} among them). A multipart upload is taken apart only for the inbox, whose file it carries.
     * Runs before the body is read.
     */
    private static void readFormAsItsBody(HttpServerRequest request, String path) {
        String type = request.getHeader("Content-Type");
        if (type == null) {
            return;
        }
        String lower = type.toLowerCase(Locale.ROOT);
        if (lower.startsWith(FORM) || lower.startsWith(MULTIPART) && !path.equals(INBOX)) {
            request.headers().set("Content-Type", "application/octet-stream");
        }
    }

    private Refusal refusal(HttpServerRequest request, String path, Caller[] admitted) {
        // HTTP/2 carries the host as :authority, not as a Host header
        HostAndPort authority = request.authority();
        if (authority == null) {
            return NO_HOST; // HTTP/1.0 may leave it out; the router itself refuses HTTP/1.1 without it
        }
        if (!hostAllowed(authority.host())) {
            return new Refusal(403, "forbidden", "Host '" + authority.host() + "' is not allowed: add it to"
                    + " TANDEM_MCP_ALLOWED_HOSTS.", Map.of());
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !originAllowed(origin)) {
            return new Refusal(403, "forbidden", "Origin '" + origin + "' is not allowed: add it to"
                    + " TANDEM_MCP_ALLOWED_ORIGINS.", Map.of());
        }
        if (ConsoleFiles.serves(request.method(), path)) {
            // the console's static files hold nothing private; the page asks for the token before it calls the API
            return null;
        }
        Optional<Caller> identified = keys.identify(request.getHeader("Authorization"));
        if (identified.isEmpty()) {
            metrics.unidentified();
            return new Refusal(401, "invalid_api_key", "Send 'Authorization: Bearer <token>' with TANDEM_MCP_TOKEN or"
                    + " an API key's token.", Map.of("WWW-Authenticate", "Bearer realm=\"tandem\""));
        }
        Caller caller = identified.get();
        Scope needed = Scope.forPath(path);
        if (!caller.may(needed)) {
            metrics.refused(caller, "scope");
            return new Refusal(403, "insufficient_scope", "The API key '" + caller.name() + "' may not use " + path
                    + ": it needs the scope '" + needed.label() + "'.", Map.of());
        }
        OptionalLong retryAfter = budgets.spend(caller);
        if (retryAfter.isPresent()) {
            metrics.refused(caller, "rate");
            return new Refusal(429, "rate_limit_exceeded", "The API key '" + caller.name() + "' may send "
                    + caller.requestsPerMinute() + " requests a minute; try again in " + retryAfter.getAsLong()
                    + " s.", Map.of("Retry-After", Long.toString(retryAfter.getAsLong())));
        }
        String length = request.getHeader("Content-Length");
        if (length != null) {
            long bytes;
            try {
                bytes = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                return new Refusal(400, "invalid_request_error", "Content-Length must be a number of bytes.", Map.of());
            }
            if (bytes > settings.maxRequestBytes()) {
                return tooLarge(bytes);
            }
        }
        Refusal query = queryRefusal(request);
        if (query != null) {
            return query;
        }
        admitted[0] = caller;
        return null;
    }

    /**
     * Query parameters become message headers: each may come once (no door takes a list, and two would reach the
     * route as the text "[a, b]"), and none may be named like Tandem's own headers, the caller the guard admitted
     * ({@link Caller#HEADER}) among them.
     */
    private static Refusal queryRefusal(HttpServerRequest request) {
        if (request.query() == null) {
            return null;
        }
        MultiMap parameters;
        try {
            parameters = request.params();
        } catch (IllegalArgumentException e) { // a '%' not followed by two hex digits
            return new Refusal(400, "invalid_value", "The query string is not valid URL encoding (" + e.getMessage()
                    + "): write '%' as %25.", Map.of());
        }
        for (String name : parameters.names()) {
            if (name.regionMatches(true, 0, RESERVED, 0, RESERVED.length())) {
                return new Refusal(400, "invalid_value", "The query parameter '" + name + "' is not Tandem's to take:"
                        + " names starting with '" + RESERVED + "' are reserved for its own use.", Map.of());
            }
            int times = parameters.getAll(name).size();
            if (times > 1) {
                return new Refusal(400, "invalid_value", "The query parameter '" + name + "' is given " + times
                        + " times: give it once.", Map.of());
            }
        }
        return null;
    }

    private Refusal tooLarge(long bytes) {
        return new Refusal(413, "request_too_large", (bytes < 0 ? "The request is larger than"
                : "The request has " + bytes + " bytes; it is larger than") + " the limit of " + settings.maxRequestBytes()
                + " bytes (TANDEM_MCP_MAX_REQUEST_KB).", Map.of());
    }

    /**
     * Answers what the router refused before any handler of Tandem ran: a body that turned out too large while it
     * arrived (chunked, no Content-Length; 413 from the body handler), an HTTP/1.1 request without a valid Host (400
     * from the router, which would answer a bare "Bad Request" and log the client's mistake as an ERROR). Any other
     * failure goes on to the next handler.
     */
    void answerFailure(RoutingContext failed) {
        if (failed.statusCode() == 413) {
            refuse(failed, failed.normalizedPath(), tooLarge(-1));
        } else if (failed.statusCode() == 400 && failed.request().authority() == null) {
            refuse(failed, failed.normalizedPath(), NO_HOST);
        } else {
            failed.next();
        }
    }

    /**
     * For a request no route takes: a method its path does not take (405, {@code Allow} naming those it does), or a
     * path Tandem does not have (404).
     */
    void refuseUnmatched(RoutingContext context, Set<String> methodsServed) {
        String path = context.normalizedPath();
        String request = context.request().method().name() + " " + path;
        Refusal refusal = methodsServed.isEmpty()
                ? new Refusal(404, "unknown_url", "Tandem has no " + request + ": the OpenAI-compatible API is under"
                        + " /v1, the search and ingestion API under /api, MCP at /mcp (the README lists every path).",
                        Map.of())
                : new Refusal(405, "method_not_allowed", "Tandem does not serve " + request + ": the path takes "
                        + String.join(", ", methodsServed) + ".", Map.of("Allow", String.join(", ", methodsServed)));
        refuse(context, path, refusal);
    }

    private void refuse(RoutingContext context, String path, Refusal refusal) {
        if (context.response().ended()) {
            return;
        }
        refusal.headers().forEach(context.response()::putHeader);
        context.response().setStatusCode(refusal.status()).putHeader("Content-Type", "application/json")
                .end(body(path, refusal));
    }

    private static String body(String path, Refusal refusal) {
        Map<String, Object> body;
        if (path.equals("/mcp")) {
            // Streamable HTTP: a JSON-RPC error without an id, the request never having been read
            body = new LinkedHashMap<>();
            body.put("jsonrpc", "2.0");
            body.put("id", null);
            body.put("error", Map.of("code", -32600, "message", Secrets.maskText(refusal.message())));
        } else {
            body = ErrorBody.of(refusal.message(), refusal.status() == 429 ? "rate_limit_error"
                    : "invalid_request_error", null, refusal.code());
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of text cannot fail to be written as JSON", e);
        }
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
}
