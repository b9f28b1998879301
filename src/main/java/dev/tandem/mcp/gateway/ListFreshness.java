package dev.tandem.mcp.gateway;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How long the tool, prompt and resource listings of a 2026-07-28 upstream stay fresh, from the {@code ttlMs} of the
 * last listing. The revision asks clients to re-fetch a stale listing when they next need it, not to poll: Tandem
 * needs a listing when it uses one of its entries, so a call, a prompt or a read that finds its listing stale asks
 * for a new one (once, until it arrives).
 */
final class ListFreshness {

    /** The listing each use depends on, by method. */
    private static final Map<String, String> USED_BY = Map.of("tools/call", "tools", "prompts/get", "prompts",
            "resources/read", "resources");

    private final LongSupplier clock;
    /** When each listing goes stale, in the clock's milliseconds; absent while a new one is awaited. */
    private final Map<String, Long> staleAt = new ConcurrentHashMap<>();

    ListFreshness(LongSupplier clock) {
        this.clock = clock;
    }

    /** A listing arrived ({@code tools/list} and the like): fresh for its {@code ttlMs} (0, or absent: stale). */
    void listed(String method, JsonNode result) {
        if (method.endsWith("/list")) {
            String kind = method.substring(0, method.length() - "/list".length());
            staleAt.put(kind, clock.getAsLong() + Math.max(0, result.path("ttlMs").asLong(0)));
        }
    }

    /**
     * A request of {@code method} was answered: the listing it used, when that went stale, as the kind whose
     * {@code notifications/<kind>/list_changed} makes the SDK client list it again. Only the first caller to find
     * it stale gets it.
     */
    Optional<String> staleAfter(String method) {
        String kind = USED_BY.get(method);
        if (kind == null) {
            return Optional.empty();
        }
        Long at = staleAt.get(kind);
        return at != null && clock.getAsLong() >= at && staleAt.remove(kind, at) ? Optional.of(kind)
                : Optional.empty();
    }
}
