package dev.tandem.aws.documentdb;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.tandem.tool.ToolException;

/**
 * Refuses what must not run: server-side JavaScript ({@code $where}, {@code $function}, {@code $accumulator})
 * always, and the writing stages {@code $out} and {@code $merge} in read-only mode, wherever they are nested
 * ({@code $facet}, {@code $lookup} and {@code $unionWith} sub-pipelines included).
 */
final class QueryGuard {

    private static final Set<String> JAVASCRIPT = Set.of("$where", "$function", "$accumulator");
    private static final Set<String> WRITING_STAGES = Set.of("$out", "$merge");

    private final boolean writesAllowed;

    QueryGuard(boolean writesAllowed) {
        this.writesAllowed = writesAllowed;
    }

    /** Checks a filter, projection, sort, update or pipeline given as {@code argument}. */
    void check(String argument, Object value) {
        forbiddenKey(value, JAVASCRIPT).ifPresent(key -> {
            throw new ToolException(key + " is refused: Tandem never runs JavaScript on the server (in '"
                    + argument + "').");
        });
        if (!writesAllowed) {
            forbiddenKey(value, WRITING_STAGES).ifPresent(key -> {
                throw new ToolException(key + " writes to a collection and Tandem's DocumentDB tools are read-only"
                        + " (TANDEM_DOCUMENTDB_ALLOW_WRITE=true allows it; in '" + argument + "').");
            });
        }
    }

    private static Optional<String> forbiddenKey(Object value, Set<String> forbidden) {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (forbidden.contains(String.valueOf(entry.getKey()))) {
                    return Optional.of(String.valueOf(entry.getKey()));
                }
                Optional<String> nested = forbiddenKey(entry.getValue(), forbidden);
                if (nested.isPresent()) {
                    return nested;
                }
            }
        } else if (value instanceof List<?> list) {
            for (Object element : list) {
                Optional<String> nested = forbiddenKey(element, forbidden);
                if (nested.isPresent()) {
                    return nested;
                }
            }
        }
        return Optional.empty();
    }
}
