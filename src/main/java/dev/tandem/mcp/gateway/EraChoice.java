package dev.tandem.mcp.gateway;

import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.spec.McpClientTransport;

/**
 * Picks the transport of an upstream by the MCP revision it speaks, once per connect. An HTTP server whose
 * {@code protocol} is {@code auto} or {@code 2026-07-28} is asked {@code server/discover} as the 2026-07-28 revision
 * says: a discover result, or an error only a 2026-07-28 server gives, means it speaks that revision and is reached
 * through {@link ModernUpstream}; any other answer (a 2025 server's "not initialized") means the 2025 handshake, with
 * the SDK's own transport, unless the file asks for 2026-07-28 only. A server that cannot be reached fails the
 * connect as before.
 */
final class EraChoice {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EraChoice() {
    }

    static McpClientTransport transport(UpstreamSettings settings, UpstreamRuntime runtime) {
        if (!settings.protocol().probes(settings.transport())) {
            return UpstreamTransports.create(settings, runtime.json());
        }
        HttpClient http = ModernUpstream.client(settings);
        JsonNode answer = discover(settings, http);
        if (answer != null && answer.has("result")) {
            return new ModernUpstream(settings, runtime, http, answer.get("result"));
        }
        if (answer != null && ModernRequests.modernError(answer)) {
            JsonNode error = answer.get("error");
            throw new IllegalStateException("it speaks MCP " + error.path("data").path("supported")
                    + " but refused server/discover for " + UpstreamProtocol.MODERN + ": " + error.path("message")
                    .asText());
        }
        if (settings.protocol().modernOnly()) {
            throw new IllegalStateException("it did not answer server/discover as an MCP " + UpstreamProtocol.MODERN
                    + " server" + (answer == null ? "" : " (" + answer.path("error").path("message").asText() + ")")
                    + "; set its protocol to auto or a 2025 revision");
        }
        return UpstreamTransports.create(settings, runtime.json());
    }

    /** The server's JSON-RPC answer to {@code server/discover}; {@code null} when it gave none. */
    private static JsonNode discover(UpstreamSettings settings, HttpClient http) {
        String id = settings.name() + "-discover";
        // Tandem's upstream client declares elicitation (form); the probe says the same
        ObjectNode capabilities = JSON.createObjectNode();
        capabilities.putObject("elicitation").putObject("form");
        ObjectNode meta = ModernRequests.meta(capabilities, JSON.valueToTree(Upstream.CLIENT_INFO));
        ModernExchange exchange = ModernExchange.send(http, new ModernRequests(settings.url(), settings.headers(),
                settings.timeout()).post(id, "server/discover", JSON.createObjectNode(), meta, Map.of()), id,
                notification -> {
                });
        try {
            return exchange.response().get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ModernExchange.NotJsonRpc) {
                return null;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            exchange.cancel();
            throw new IllegalStateException("no answer to server/discover in time", e);
        } catch (InterruptedException e) {
            exchange.cancel();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking server/discover", e);
        }
    }
}
