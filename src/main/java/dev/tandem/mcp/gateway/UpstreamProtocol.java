package dev.tandem.mcp.gateway;

import java.util.List;
import java.util.Optional;

import dev.tandem.mcp.gateway.Placeholders.ServerProblem;
import dev.tandem.mcp.gateway.UpstreamSettings.Transport;

/**
 * Which MCP revision Tandem speaks to an upstream, from the {@code protocol} field of mcp.json: {@code auto} (the
 * default) asks an HTTP server {@code server/discover} first and falls back to the 2025 handshake when the answer is
 * not a 2026-07-28 one; a fixed revision is spoken as it is, and a server that does not speak it fails to connect.
 * stdio and HTTP+SSE servers are reached through the MCP Java SDK client, so they take {@code auto} only.
 */
public record UpstreamProtocol(Optional<String> fixed) {

    /** The stateless revision: version, capabilities and client info in every request's {@code _meta}. */
    static final String MODERN = "2026-07-28";
    /** The revisions of the {@code initialize} handshake the SDK's Streamable HTTP client speaks. */
    static final List<String> LEGACY = List.of("2025-11-25", "2025-06-18", "2025-03-26");
    public static final UpstreamProtocol AUTO = new UpstreamProtocol(Optional.empty());
    /** How many times one call to a 2026-07-28 upstream may come back asking for input before Tandem gives up. */
    static final int DEFAULT_MAX_ROUNDS = 5;

    static UpstreamProtocol parse(String value, Transport transport) {
        if (value.equals("auto")) {
            return AUTO;
        }
        if (!value.equals(MODERN) && !LEGACY.contains(value)) {
            throw new ServerProblem("protocol '" + value + "' is not one of auto, " + MODERN + ", "
                    + String.join(", ", LEGACY));
        }
        if (transport != Transport.HTTP) {
            throw new ServerProblem("protocol can be fixed only for an http server; a " + transport.label()
                    + " server speaks the revision the MCP Java SDK agrees with it: use auto");
        }
        return new UpstreamProtocol(Optional.of(value));
    }

    /** Whether a 2026-07-28 {@code server/discover} probe decides, before any handshake. */
    boolean probes(Transport transport) {
        return transport == Transport.HTTP && fixed.map(MODERN::equals).orElse(true);
    }

    /** Whether only the 2026-07-28 revision will do (no fall back to the handshake). */
    boolean modernOnly() {
        return fixed.map(MODERN::equals).orElse(false);
    }

    /** The one 2025 revision to offer in the handshake, when fixed. */
    Optional<String> legacy() {
        return fixed.filter(LEGACY::contains);
    }
}
