package dev.tandem.tool;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.spi.Registry;

/**
 * The last tool calls, Tandem's own and the upstreams', newest first, for {@code GET /api/tool-calls}: which tool,
 * which server, the outcome and how long it took. Never the arguments or the result: those stay with the caller.
 */
public final class RecentToolCalls {

    /** Tandem's own tools, as the server of a call. */
    public static final String TANDEM = "tandem";
    static final String BEAN = "recentToolCalls";
    private static final int KEPT = 50;

    private final Deque<Map<String, Object>> calls = new ArrayDeque<>(KEPT);

    /** The one log of the context, bound by whichever feature asks first (the features configure in any order). */
    public static synchronized RecentToolCalls in(Registry registry) {
        RecentToolCalls found = registry.lookupByNameAndType(BEAN, RecentToolCalls.class);
        if (found == null) {
            found = new RecentToolCalls();
            registry.bind(BEAN, found);
        }
        return found;
    }

    public void record(String server, String tool, String outcome, long durationMs) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("at", Instant.now().toString());
        call.put("server", server);
        call.put("tool", tool);
        call.put("outcome", outcome);
        call.put("duration_ms", durationMs);
        synchronized (calls) {
            if (calls.size() == KEPT) {
                calls.removeLast();
            }
            calls.addFirst(call);
        }
    }

    /** {@code {"calls": [...]}}, newest first. */
    public Map<String, Object> report() {
        synchronized (calls) {
            return Map.of("calls", new ArrayList<>(calls));
        }
    }
}
