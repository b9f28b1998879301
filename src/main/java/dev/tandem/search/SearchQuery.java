package dev.tandem.search;

import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.http.InvalidRequestException;
import dev.tandem.ingest.Embedder;
import org.apache.camel.Header;

/** A validated search request: the query text, the mode and how many hits. */
public record SearchQuery(String query, Mode mode, int k) {

    public static final int DEFAULT_K = 10;
    public static final int MAX_K = 100;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_QUERY_CHARS = 4096;

    public enum Mode {
        HYBRID, BM25, VECTOR;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** From {@code GET /api/search?q=...&mode=...&k=...}. */
    public static SearchQuery fromParameters(@Header("q") String q, @Header("mode") String mode, @Header("k") String k) {
        return of(q, mode, k);
    }

    /** From {@code POST /api/search} with {@code {"query" or "q", "mode", "k"}}. */
    public static SearchQuery fromJson(String json) throws JsonProcessingException {
        Object parsed = json == null || json.isBlank() ? null : JSON.readValue(json, Object.class);
        if (!(parsed instanceof Map<?, ?> body)) {
            throw new InvalidRequestException("The body must be a JSON object such as {\"query\": \"...\","
                    + " \"mode\": \"hybrid\", \"k\": 10}.");
        }
        Object query = body.containsKey("query") ? body.get("query") : body.get("q");
        if (query != null && !(query instanceof String)) {
            throw new InvalidRequestException("query", "'query' must be a string.");
        }
        Object mode = body.get("mode");
        Object k = body.get("k");
        if (k != null && !(k instanceof Number)) {
            throw new InvalidRequestException("k", "'k' must be a whole number from 1 to " + MAX_K + ".");
        }
        return of((String) query, mode == null ? null : mode.toString(), k == null ? null : k.toString());
    }

    static SearchQuery of(String query, String mode, String k) {
        if (query == null || query.isBlank()) {
            throw new InvalidRequestException("query", "Missing query: pass it as 'q' (GET) or 'query' (POST).");
        }
        if (query.length() > MAX_QUERY_CHARS) {
            throw new InvalidRequestException("query",
                    "The query is " + query.length() + " characters long; the limit is "
                    + MAX_QUERY_CHARS + ".");
        }
        if (!Embedder.hasWords(query)) {
            // BM25 would find nothing and the model has no token to embed: say so rather than answer empty
            throw new InvalidRequestException("query", Embedder.NOTHING_TO_SEARCH);
        }
        return new SearchQuery(query.strip(), mode(mode), k(k));
    }

    private static Mode mode(String mode) {
        if (mode == null || mode.isBlank()) {
            return Mode.HYBRID;
        }
        try {
            return Mode.valueOf(mode.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("mode", "Unknown mode '" + mode + "': use hybrid, bm25 or vector.");
        }
    }

    private static int k(String k) {
        if (k == null || k.isBlank()) {
            return DEFAULT_K;
        }
        try {
            int value = Integer.parseInt(k.strip());
            if (value >= 1 && value <= MAX_K) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidRequestException("k",
                "'k' is '" + k + "': it must be a whole number from 1 to " + MAX_K + ".");
    }
}
