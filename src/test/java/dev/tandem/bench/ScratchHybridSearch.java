package dev.tandem.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.MsearchRequest;
import co.elastic.clients.elasticsearch.core.msearch.MultiSearchResponseItem;
import co.elastic.clients.elasticsearch.core.msearch.MultisearchBody;
import co.elastic.clients.elasticsearch.core.search.Highlight;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.core.search.SourceConfig;
import dev.tandem.ingest.Embedder;
import dev.tandem.search.SearchQuery;
import dev.tandem.search.SearchQuery.Mode;
import dev.tandem.search.SearchResult;
import dev.tandem.search.StemmedText;

/**
 * Scratch variant of {@code dev.tandem.search.HybridSearch} with the two changes proposed for production, to measure
 * them through the real API (it can replace the {@code hybridSearch} bean) and in the retrieval benchmark:
 * <ol>
 * <li>fusion by min-max normalised scores, {@code w * bm25 + (1 - w) * vector}, instead of RRF;</li>
 * <li>the hybrid multi-search asks for ids and scores only; one more request fetches {@code _source} and highlights
 * for the k fused hits, instead of highlighting every candidate of both lists.</li>
 * </ol>
 * The BM25 and kNN queries are the production ones.
 */
public final class ScratchHybridSearch {

    static final double BM25_WEIGHT = 0.5;
    static final int RANK_WINDOW = 50;

    private final ElasticsearchClient client;
    private final String index;
    private final Embedder embedder;
    private final double bm25Weight;

    ScratchHybridSearch(ElasticsearchClient client, String index, Embedder embedder, double bm25Weight) {
        this.client = client;
        this.index = index;
        this.embedder = embedder;
        this.bm25Weight = bm25Weight;
    }

    ScratchHybridSearch(ElasticsearchClient client, String index, Embedder embedder) {
        this(client, index, embedder, BM25_WEIGHT);
    }

    @SuppressWarnings("rawtypes")
    public SearchResult search(SearchQuery query) throws IOException {
        long started = System.nanoTime();
        boolean hybrid = query.mode() == Mode.HYBRID;
        int window = hybrid ? Math.max(query.k(), RANK_WINDOW) : query.k();
        MsearchRequest.Builder request = new MsearchRequest.Builder().index(index);
        if (query.mode() != Mode.VECTOR) {
            request.searches(s -> s.header(h -> h).body(body(bm25(query.query()), null, window, query.query(), !hybrid)));
        }
        if (query.mode() != Mode.BM25) {
            float[] vector = embedder.embedQuery(query.query());
            request.searches(s -> s.header(h -> h).body(body(null, vector, window, query.query(), !hybrid)));
        }
        List<List<Hit<Map>>> rankings = new ArrayList<>();
        for (MultiSearchResponseItem<Map> item : client.msearch(request.build(), Map.class).responses()) {
            if (item.isFailure()) {
                throw new IOException("Elasticsearch search failed: " + item.failure().error().reason());
            }
            rankings.add(item.result().hits().hits());
        }
        List<SearchResult.Hit> hits = hybrid ? fetch(fuse(rankings.get(0), rankings.get(1), query.k()), query.query())
                : rankings.get(0).stream().map(h -> toHit(h, h.score() == null ? 0 : h.score())).toList();
        return new SearchResult(query.query(), query.mode().value(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), hits);
    }

    /** Chunk ids by fused score, best first: each list's scores scaled to [0, 1] over the window, then weighted. */
    @SuppressWarnings("rawtypes")
    private Map<String, Double> fuse(List<Hit<Map>> bm25, List<Hit<Map>> knn, int k) {
        Map<String, Double> scores = new HashMap<>();
        addNormalised(scores, bm25, bm25Weight);
        addNormalised(scores, knn, 1 - bm25Weight);
        Map<String, Double> top = new LinkedHashMap<>();
        scores.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(k)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }

    @SuppressWarnings("rawtypes")
    private static void addNormalised(Map<String, Double> scores, List<Hit<Map>> ranking, double weight) {
        if (ranking.isEmpty()) {
            return;
        }
        double max = score(ranking.get(0));
        double min = score(ranking.get(ranking.size() - 1));
        for (Hit<Map> hit : ranking) {
            double normalised = max == min ? 1 : (score(hit) - min) / (max - min);
            scores.merge(hit.id(), weight * normalised, Double::sum);
        }
    }

    /** The fused hits with their text and highlights, in fused order. */
    @SuppressWarnings("rawtypes")
    private List<SearchResult.Hit> fetch(Map<String, Double> fused, String text) throws IOException {
        if (fused.isEmpty()) {
            return List.of();
        }
        List<String> ids = List.copyOf(fused.keySet());
        Map<String, Hit<Map>> byId = new HashMap<>();
        client.search(s -> s.index(index).query(q -> q.ids(i -> i.values(ids))).size(ids.size())
                .source(sourceFilter()).highlight(highlight(text)), Map.class).hits().hits()
                .forEach(h -> byId.put(h.id(), h));
        return ids.stream().filter(byId::containsKey).map(id -> toHit(byId.get(id), fused.get(id))).toList();
    }

    private static MultisearchBody body(Query query, float[] vector, int size, String text, boolean withDocuments) {
        MultisearchBody.Builder body = new MultisearchBody.Builder().size(size);
        if (query != null) {
            body.query(query);
        } else {
            List<Float> queryVector = new ArrayList<>(vector.length);
            for (float v : vector) {
                queryVector.add(v);
            }
            body.knn(k -> k.field("vector").queryVector(queryVector).k(size).numCandidates(Math.max(100, size * 2)));
        }
        if (withDocuments) {
            body.source(sourceFilter()).highlight(highlight(text));
        } else {
            body.source(s -> s.fetch(false));
        }
        return body.build();
    }

    private static Query bm25(String text) {
        String stemmed = StemmedText.of(text);
        return stemmed.isEmpty()
                ? Query.of(q -> q.match(m -> m.field("text").query(text)))
                : Query.of(q -> q.bool(b -> b
                        .should(s -> s.match(m -> m.field("text_stem").query(stemmed)))
                        .should(s -> s.match(m -> m.field("title_stem").query(stemmed).boost(0.5f)))));
    }

    private static SourceConfig sourceFilter() {
        return SourceConfig.of(s -> s.filter(f -> f.includes("source", "title", "text")));
    }

    private static Highlight highlight(String text) {
        return Highlight.of(h -> h.fields("text", f -> f.fragmentSize(160).numberOfFragments(2))
                .highlightQuery(q -> q.match(m -> m.field("text").query(text))));
    }

    @SuppressWarnings("rawtypes")
    private static double score(Hit<Map> hit) {
        return hit.score() == null ? 0 : hit.score();
    }

    @SuppressWarnings("rawtypes")
    private static SearchResult.Hit toHit(Hit<Map> hit, double score) {
        Map source = hit.source();
        List<String> fragments = hit.highlight().get("text");
        return new SearchResult.Hit(hit.id(), (String) source.get("source"), (String) source.get("title"),
                (String) source.get("text"), score, fragments == null || fragments.isEmpty() ? null
                        : String.join(" … ", fragments));
    }
}
