package dev.tandem.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.tandem.http.ApiException;
import dev.tandem.tool.ToolException;
import org.apache.camel.Body;

/** The document tools: {@code search_documents} (search with optional filters) and {@code get_document}. */
public final class DocumentTools {

    /** Searches fetch this many more hits than asked when filters may drop some. */
    private static final int FILTER_OVERSAMPLING = 5;
    private static final int MAX_CHUNKS = 2000;

    private final HybridSearch search;
    private final ElasticsearchClient client;
    private final String index;

    public DocumentTools(HybridSearch search, ElasticsearchClient client, String index) {
        this.search = search;
        this.client = client;
        this.index = index;
    }

    public SearchResult search(@Body Map<String, Object> arguments) throws IOException {
        Map<?, ?> filters = arguments.get("filters") instanceof Map<?, ?> f ? f : Map.of();
        String sourceContains = text(filters.get("source_contains"));
        String titleContains = text(filters.get("title_contains"));
        int k = arguments.get("k") instanceof Number n ? n.intValue() : SearchQuery.DEFAULT_K;
        boolean filtered = sourceContains != null || titleContains != null;
        SearchQuery query = SearchQuery.of((String) arguments.get("query"), text(arguments.get("mode")),
                Integer.toString(filtered ? Math.min(SearchQuery.MAX_K, k * FILTER_OVERSAMPLING) : k));
        SearchResult result;
        try {
            result = search.search(query);
        } catch (ApiException e) {
            throw new ToolException(e.status(), e.getMessage());
        }
        if (!filtered) {
            return result;
        }
        List<SearchResult.Hit> kept = result.hits().stream()
                .filter(h -> sourceContains == null || h.source().contains(sourceContains))
                .filter(h -> titleContains == null || (h.title() != null
                        && h.title().toLowerCase(Locale.ROOT).contains(titleContains.toLowerCase(Locale.ROOT))))
                .limit(k).toList();
        return new SearchResult(result.query(), result.mode(), result.tookMs(), kept);
    }

    /** Every chunk of one document, in order; {@code source} as search results name it. */
    public Map<String, Object> getDocument(@Body Map<String, Object> arguments) throws IOException {
        String source = (String) arguments.get("source");
        @SuppressWarnings("rawtypes")
        List<Hit<Map>> hits = client.search(s -> s.index(index).size(MAX_CHUNKS)
                .query(q -> q.term(t -> t.field("source").value(source)))
                .sort(o -> o.field(f -> f.field("chunk").order(SortOrder.Asc)))
                .source(src -> src.filter(f -> f.includes("title", "text", "chunk", "chunks", "language",
                        "content_type"))), Map.class).hits().hits();
        if (hits.isEmpty()) {
            throw new ToolException(404, "No document '" + source + "' is indexed: search_documents names documents"
                    + " by their source.");
        }
        @SuppressWarnings("rawtypes")
        Map first = hits.get(0).source();
        List<Map<String, Object>> chunks = new ArrayList<>();
        hits.forEach(h -> chunks.add(Map.of("chunk", h.source().get("chunk"), "text", h.source().get("text"))));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("source", source);
        document.put("title", first.get("title"));
        document.put("language", first.get("language"));
        document.put("content_type", first.get("content_type"));
        document.put("chunks", chunks);
        return document;
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString();
    }
}
