package dev.tandem.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.MsearchRequest;
import co.elastic.clients.elasticsearch.core.MsearchResponse;
import co.elastic.clients.elasticsearch.core.msearch.MultiSearchResponseItem;
import co.elastic.clients.elasticsearch.core.msearch.MultisearchBody;
import co.elastic.clients.elasticsearch.core.search.Highlight;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.tandem.ingest.Embedder;
import dev.tandem.search.StemmedText;

/**
 * Scratch measurements of where the time of a hybrid search goes inside Elasticsearch: the multi-search
 * {@code HybridSearch} sends (query vector computed beforehand) with and without highlighting, without {@code _source},
 * against a copy of the index whose {@code _source} leaves out the vectors, and a two-phase variant: the multi-search
 * for ids and scores only, RRF as in production, then one request for the top 10 with {@code _source} and highlights.
 */
final class LatencyExperiments implements AutoCloseable {

    private static final int WINDOW = 50;
    private static final String NO_SOURCE_VECTORS = "-source-without-vectors";

    private final ElasticsearchClient client;
    private final String index;
    private final Embedder embedder;
    /** Vectors are computed once per query beforehand so that only Elasticsearch is timed. */
    private final Map<String, float[]> vectors = new HashMap<>();

    LatencyExperiments(ElasticsearchClient client, String index, Embedder embedder) {
        this.client = client;
        this.index = index;
        this.embedder = embedder;
    }

    /** The variants, each a call per query; creates the copy index and embeds the queries first. */
    Map<String, SearchLatencyBenchmark.Call> variants(List<String> queries) throws IOException {
        queries.forEach(q -> vectors.computeIfAbsent(q, embedder::embedQuery));
        String withoutVectors = copy(NO_SOURCE_VECTORS, mapping -> mapping.source(s -> s.excludes("vector")));
        Map<String, SearchLatencyBenchmark.Call> v = new LinkedHashMap<>();
        v.put("ES msearch as HybridSearch", q -> msearch(index, q, true, true));
        v.put("  ... without highlight", q -> msearch(index, q, true, false));
        v.put("  ... without _source, hl", q -> msearch(index, q, false, false));
        v.put("  ... _source w/o vectors", q -> msearch(withoutVectors, q, true, true));
        v.put("two-phase: ids, then top 10", q -> twoPhase(index, q));
        return v;
    }

    @SuppressWarnings("rawtypes")
    private void twoPhase(String target, String query) throws IOException {
        MsearchResponse<Map> ranked = msearch(target, query, false, false);
        Map<String, Double> scores = new HashMap<>();
        for (MultiSearchResponseItem<Map> item : ranked.responses()) {
            List<Hit<Map>> hits = item.result().hits().hits();
            for (int rank = 0; rank < hits.size(); rank++) {
                scores.merge(hits.get(rank).id(), 1.0 / (60 + rank + 1), Double::sum);
            }
        }
        List<String> top = scores.keySet().stream()
                .sorted(Comparator.comparingDouble((String id) -> scores.get(id)).reversed()).limit(10).toList();
        client.search(s -> s.index(target).query(q -> q.ids(i -> i.values(top))).size(top.size())
                .source(c -> c.filter(f -> f.includes("source", "title", "text")))
                .highlight(highlight(query)), Map.class);
    }

    private static Highlight highlight(String query) {
        return Highlight.of(h -> h.fields("text", f -> f.fragmentSize(160).numberOfFragments(2))
                .highlightQuery(hq -> hq.match(m -> m.field("text").query(query))));
    }

    @SuppressWarnings("rawtypes")
    private MsearchResponse<Map> msearch(String target, String query, boolean source, boolean highlight)
            throws IOException {
        float[] vector = vectors.get(query);
        List<Float> queryVector = new ArrayList<>(vector.length);
        for (float f : vector) {
            queryVector.add(f);
        }
        String stemmed = StemmedText.of(query);
        Query bm25 = Query.of(q -> q.bool(b -> b
                .should(s -> s.match(m -> m.field("text_stem").query(stemmed)))
                .should(s -> s.match(m -> m.field("title_stem").query(stemmed).boost(0.5f)))));
        MultisearchBody.Builder lexical = new MultisearchBody.Builder().query(bm25).size(WINDOW);
        MultisearchBody.Builder semantic = new MultisearchBody.Builder().size(WINDOW)
                .knn(k -> k.field("vector").queryVector(queryVector).k(WINDOW).numCandidates(100));
        for (MultisearchBody.Builder body : List.of(lexical, semantic)) {
            if (source) {
                body.source(s -> s.filter(f -> f.includes("source", "title", "text")));
            } else {
                body.source(s -> s.fetch(false));
            }
            if (highlight) {
                body.highlight(highlight(query));
            }
        }
        MsearchRequest request = new MsearchRequest.Builder().index(target)
                .searches(s -> s.header(h -> h).body(lexical.build()))
                .searches(s -> s.header(h -> h).body(semantic.build())).build();
        return client.msearch(request, Map.class);
    }

    /** Deletes the copies. */
    @Override
    public void close() throws IOException {
        client.indices().delete(d -> d.index(index + NO_SOURCE_VECTORS).ignoreUnavailable(true));
    }

    /** A copy of the index with the production mapping changed by {@code change}. */
    private String copy(String suffix, UnaryOperator<TypeMapping.Builder> change) throws IOException {
        String copy = index + suffix;
        if (client.indices().exists(e -> e.index(copy)).value()) {
            client.indices().delete(d -> d.index(copy));
        }
        TypeMapping mapping = client.indices().getMapping(g -> g.index(index)).get(index).mappings();
        client.indices().create(c -> c.index(copy)
                .settings(s -> s.numberOfShards("1").numberOfReplicas("0"))
                .mappings(m -> change.apply(m.dynamic(mapping.dynamic()).properties(mapping.properties()))));
        // the distribution we run has no _reindex: copy page by page (the index is small and does not change)
        int page = 500;
        for (int from = 0; ; from += page) {
            int offset = from;
            @SuppressWarnings("rawtypes")
            List<Hit<Map>> hits = client.search(s -> s.index(index).from(offset).size(page).sort(o -> o.doc(d -> d)),
                    Map.class).hits().hits();
            if (hits.isEmpty()) {
                break;
            }
            BulkRequest.Builder bulk = new BulkRequest.Builder().index(copy);
            hits.forEach(hit -> bulk.operations(o -> o.index(i -> i.id(hit.id()).document(hit.source()))));
            if (client.bulk(bulk.build()).errors()) {
                throw new IOException("Copying " + index + " to " + copy + " failed");
            }
        }
        client.indices().refresh(r -> r.index(copy));
        return copy;
    }
}
