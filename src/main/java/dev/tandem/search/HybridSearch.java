package dev.tandem.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.MsearchRequest;
import co.elastic.clients.elasticsearch.core.MsearchResponse;
import co.elastic.clients.elasticsearch.core.msearch.MultiSearchResponseItem;
import co.elastic.clients.elasticsearch.core.msearch.MultisearchBody;
import co.elastic.clients.elasticsearch.core.search.Highlight;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.tandem.ingest.Embedder;
import dev.tandem.search.SearchQuery.Mode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * BM25 and kNN searches over the chunk index, sent together in one multi-search, and fused by reciprocal rank fusion
 * here (the Elasticsearch we run has no RRF retriever, and this works with any 8.x cluster).
 */
public final class HybridSearch {

    /** The usual RRF constant: ranks deep in a list still count, the top ones count most. */
    static final int RRF_K = 60;
    /** How many candidates each search contributes to the fusion. */
    static final int RANK_WINDOW = 50;
    private static final int FRAGMENT_CHARS = 160;

    private final ElasticsearchClient client;
    private final String index;
    private final Embedder embedder;
    private final MeterRegistry metrics;

    public HybridSearch(ElasticsearchClient client, String index, Embedder embedder, MeterRegistry metrics) {
        this.client = client;
        this.index = index;
        this.embedder = embedder;
        this.metrics = metrics;
    }

    public SearchResult search(SearchQuery query) throws IOException {
        long started = System.nanoTime();
        int window = query.mode() == Mode.HYBRID ? Math.max(query.k(), RANK_WINDOW) : query.k();
        MsearchRequest.Builder request = new MsearchRequest.Builder().index(index);
        if (query.mode() != Mode.VECTOR) {
            request.searches(s -> s.header(h -> h).body(bm25(query.query(), window)));
        }
        if (query.mode() != Mode.BM25) {
            float[] vector = embedder.embedQuery(query.query());
            request.searches(s -> s.header(h -> h).body(knn(query.query(), vector, window)));
        }
        @SuppressWarnings("rawtypes")
        MsearchResponse<Map> response = client.msearch(request.build(), Map.class);
        List<List<Hit<Map>>> rankings = new ArrayList<>();
        for (@SuppressWarnings("rawtypes") MultiSearchResponseItem<Map> item : response.responses()) {
            if (item.isFailure()) {
                throw new IOException("Elasticsearch search failed: " + item.failure().error().reason());
            }
            rankings.add(item.result().hits().hits());
        }
        List<SearchResult.Hit> hits = query.mode() == Mode.HYBRID ? fuse(rankings, query.k()) : scored(rankings.get(0));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        Timer.builder("tandem.search.latency").tag("mode", query.mode().value()).publishPercentileHistogram()
                .register(metrics).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        return new SearchResult(query.query(), query.mode().value(), tookMs, hits);
    }

    private static MultisearchBody bm25(String text, int size) {
        String stemmed = StemmedText.of(text);
        Query query = stemmed.isEmpty()
                ? Query.of(q -> q.match(m -> m.field("text").query(text)))
                : Query.of(q -> q.bool(b -> b
                        .should(s -> s.match(m -> m.field("text_stem").query(stemmed)))
                        .should(s -> s.match(m -> m.field("title_stem").query(stemmed).boost(0.5f)))));
        return MultisearchBody.of(b -> b.query(query).size(size).source(sourceFilter()).highlight(highlight(text)));
    }

    private static MultisearchBody knn(String text, float[] vector, int size) {
        List<Float> queryVector = new ArrayList<>(vector.length);
        for (float v : vector) {
            queryVector.add(v);
        }
        return MultisearchBody.of(b -> b
                .knn(k -> k.field("vector").queryVector(queryVector).k(size).numCandidates(Math.max(100, size * 2)))
                .size(size).source(sourceFilter()).highlight(highlight(text)));
    }

    private static co.elastic.clients.elasticsearch.core.search.SourceConfig sourceFilter() {
        return co.elastic.clients.elasticsearch.core.search.SourceConfig.of(
                s -> s.filter(f -> f.includes("source", "title", "text")));
    }

    private static Highlight highlight(String text) {
        return Highlight.of(h -> h.fields("text", f -> f.fragmentSize(FRAGMENT_CHARS).numberOfFragments(2))
                .highlightQuery(q -> q.match(m -> m.field("text").query(text))));
    }

    /** Reciprocal rank fusion: each hit scores the sum of 1 / (RRF_K + rank) over the lists it appears in. */
    @SuppressWarnings("rawtypes")
    static List<SearchResult.Hit> fuse(List<List<Hit<Map>>> rankings, int k) {
        Map<String, Double> scores = new HashMap<>();
        Map<String, Hit<Map>> byId = new LinkedHashMap<>();
        Map<String, String> highlights = new HashMap<>();
        for (List<Hit<Map>> ranking : rankings) {
            for (int rank = 0; rank < ranking.size(); rank++) {
                Hit<Map> hit = ranking.get(rank);
                scores.merge(hit.id(), 1.0 / (RRF_K + rank + 1), Double::sum);
                byId.putIfAbsent(hit.id(), hit);
                highlights.putIfAbsent(hit.id(), highlightOf(hit));
            }
        }
        return byId.keySet().stream()
                .sorted(Comparator.comparingDouble((String id) -> scores.get(id)).reversed())
                .limit(k)
                .map(id -> toHit(byId.get(id), scores.get(id), highlights.get(id)))
                .toList();
    }

    @SuppressWarnings("rawtypes")
    private static List<SearchResult.Hit> scored(List<Hit<Map>> ranking) {
        return ranking.stream().map(h -> toHit(h, h.score() == null ? 0 : h.score(), highlightOf(h))).toList();
    }

    @SuppressWarnings("rawtypes")
    private static SearchResult.Hit toHit(Hit<Map> hit, double score, String highlight) {
        Map source = hit.source();
        return new SearchResult.Hit(hit.id(), (String) source.get("source"), (String) source.get("title"),
                (String) source.get("text"), score, highlight);
    }

    @SuppressWarnings("rawtypes")
    private static String highlightOf(Hit<Map> hit) {
        List<String> fragments = hit.highlight().get("text");
        return fragments == null || fragments.isEmpty() ? null : String.join(" … ", fragments);
    }
}
