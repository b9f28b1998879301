package dev.tandem.http;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What an API key may do. Each door needs one scope; a path the table does not know needs {@code admin}, so that a
 * route added later is closed to every key until someone decides otherwise here.
 */
public enum Scope {
    SEARCH, ASK, TOOLS, WRITE_TOOLS, ADMIN;

    /** Labels as the guard writes them, read back on every request (see {@link Caller#HEADER}). */
    private static final Map<String, Scope> BY_LABEL = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Scope::label, scope -> scope));

    private final String label = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** As written in settings: {@code write-tools}. */
    public String label() {
        return label;
    }

    /** A label in any case, with '-' or '_'. */
    public static Scope of(String label) {
        Scope exact = BY_LABEL.get(label);
        return exact != null ? exact : valueOf(label.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** The scope a request to this (normalized) path needs; write tools need {@link #WRITE_TOOLS} besides. */
    public static Scope forPath(String path) {
        if (path.equals("/mcp") || path.equals("/api/tools") || path.startsWith("/api/tools/")) {
            return TOOLS;
        }
        if (path.equals("/v1/chat/completions") || path.equals("/api/ask") || path.equals("/v1/models")
                || path.startsWith("/v1/models/") || path.startsWith("/api/games/")) {
            return ASK;
        }
        if (path.equals("/api/search") || path.equals("/v1/embeddings") || path.startsWith("/api/ingest/")) {
            return SEARCH;
        }
        return ADMIN;
    }
}
