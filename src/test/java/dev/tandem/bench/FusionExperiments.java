package dev.tandem.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import dev.tandem.ingest.Embedder;
import dev.tandem.search.StemmedText;

/**
 * Scratch experiments on the fusion behind hybrid search, without touching production code: fetches each judged
 * query's BM25 rankings (several query compositions) and kNN ranking once, deep, then scores fusion variants offline
 * (RRF constant, rank window, weights, chunk- or document-level fusion, normalised score fusion).
 */
final class FusionExperiments {

    private static final int DEPTH = 200;

    /** One chunk hit of a ranking. */
    record Hit(String chunk, String doc, double score) {
    }

    private final ElasticsearchClient client;
    private final String index;
    private final Embedder embedder;
    private final BeirDataset data;

    FusionExperiments(ElasticsearchClient client, String index, Embedder embedder, BeirDataset data) {
        this.client = client;
        this.index = index;
        this.embedder = embedder;
        this.data = data;
    }

    /** BM25 query compositions to compare; "prod" is what HybridSearch sends. */
    private static Map<String, Function<String, Query>> bm25Variants() {
        Map<String, Function<String, Query>> v = new LinkedHashMap<>();
        v.put("prod", text -> stemmed(text, 0.5f));
        v.put("title0", text -> stemmed(text, 0f));
        v.put("title1", text -> stemmed(text, 1f));
        v.put("title2", text -> stemmed(text, 2f));
        v.put("best_fields_tie0.3", text -> Query.of(q -> q.multiMatch(m -> m.query(StemmedText.of(text))
                .fields("text_stem", "title_stem").type(TextQueryType.BestFields).tieBreaker(0.3))));
        v.put("raw_text_title", text -> Query.of(q -> q.multiMatch(m -> m.query(text).fields("text", "title"))));
        return v;
    }

    private static Query stemmed(String text, float titleBoost) {
        String stem = StemmedText.of(text);
        return Query.of(q -> q.bool(b -> {
            b.should(s -> s.match(m -> m.field("text_stem").query(stem)));
            if (titleBoost > 0) {
                b.should(s -> s.match(m -> m.field("title_stem").query(stem).boost(titleBoost)));
            }
            return b;
        }));
    }

    void run() throws IOException {
        List<String> queryIds = data.judgedQueryIds();
        Map<String, Map<String, List<Hit>>> bm25 = new LinkedHashMap<>();
        Map<String, List<Hit>> knn = new HashMap<>();
        System.err.println("fetching rankings for " + queryIds.size() + " queries");
        for (String id : queryIds) {
            String text = data.queries().get(id);
            Map<String, List<Hit>> variants = new LinkedHashMap<>();
            for (Map.Entry<String, Function<String, Query>> v : bm25Variants().entrySet()) {
                variants.put(v.getKey(), search(v.getValue().apply(text)));
            }
            bm25.put(id, variants);
            knn.put(id, knn(embedder.embedQuery(text)));
        }
        System.out.printf("%nFusion experiments (offline, %d queries, depth %d)%n", queryIds.size(), DEPTH);
        System.out.printf("%-44s %8s %11s%n", "variant", "nDCG@10", "Recall@100");
        for (String v : bm25Variants().keySet()) {
            report("bm25 " + v, q -> docs(bm25.get(q).get(v)));
        }
        report("vector", q -> docs(knn.get(q)));
        for (int window : new int[] {50, 100}) {
            for (int k : new int[] {60, 20, 10, 5, 1}) {
                report("rrf chunk k=" + k + " window=" + window,
                        q -> rrf(bm25.get(q).get("prod"), knn.get(q), window, k, 1, false));
            }
        }
        for (int k : new int[] {60, 5}) {
            report("rrf doc k=" + k + " window=100", q -> rrf(bm25.get(q).get("prod"), knn.get(q), 100, k, 1, true));
        }
        for (double w : new double[] {0.5, 0.7, 1.5, 2}) {
            report("rrf chunk k=60 window=100 bm25 weight " + w,
                    q -> rrf(bm25.get(q).get("prod"), knn.get(q), 100, 60, w, false));
        }
        for (int window : new int[] {50, 100}) {
            for (double share : new double[] {0.4, 0.5, 0.6, 0.7}) {
                report("minmax chunk window=" + window + " bm25 share " + share,
                        q -> linearChunks(bm25.get(q).get("prod"), knn.get(q), window, share));
            }
        }
        report("minmax doc window=100 bm25 share 0.6", q -> linear(bm25.get(q).get("prod"), knn.get(q), 100, 0.6));
        for (String v : bm25Variants().keySet()) {
            report("rrf chunk k=60 window=100 bm25=" + v, q -> rrf(bm25.get(q).get(v), knn.get(q), 100, 60, 1, false));
            report("minmax chunk window=100 0.6 bm25=" + v,
                    q -> linearChunks(bm25.get(q).get(v), knn.get(q), 100, 0.6));
        }
    }

    private void report(String name, Function<String, List<String>> ranking) {
        double ndcg = 0;
        double recall = 0;
        for (String q : data.judgedQueryIds()) {
            List<String> ranked = ranking.apply(q);
            ndcg += RetrievalMetrics.ndcg(ranked, data.qrels().get(q), 10);
            recall += RetrievalMetrics.recall(ranked, data.qrels().get(q), 100);
        }
        int n = data.qrels().size();
        System.out.printf("%-44s %8.4f %11.4f%n", name, ndcg / n, recall / n);
    }

    /** Reciprocal rank fusion of the top {@code window} of each list, over chunks or over documents. */
    static List<String> rrf(List<Hit> bm25, List<Hit> knn, int window, int k, double bm25Weight, boolean byDoc) {
        Map<String, Double> scores = new HashMap<>();
        Map<String, String> docOf = new HashMap<>();
        addRrf(scores, docOf, bm25, window, k, bm25Weight, byDoc);
        addRrf(scores, docOf, knn, window, k, 1, byDoc);
        List<String> keys = scores.keySet().stream()
                .sorted(Comparator.comparingDouble((String key) -> scores.get(key)).reversed().thenComparing(key -> key))
                .toList();
        return distinct(keys.stream().map(docOf::get).toList());
    }

    private static void addRrf(Map<String, Double> scores, Map<String, String> docOf, List<Hit> list, int window,
            int k, double weight, boolean byDoc) {
        List<Hit> top = byDoc ? bestPerDoc(list) : list;
        for (int rank = 0; rank < Math.min(window, top.size()); rank++) {
            Hit hit = top.get(rank);
            String key = byDoc ? hit.doc() : hit.chunk();
            scores.merge(key, weight / (k + rank + 1), Double::sum);
            docOf.put(key, hit.doc());
        }
    }

    /** Document-level fusion of min-max normalised scores: share * bm25 + (1 - share) * vector. */
    static List<String> linear(List<Hit> bm25, List<Hit> knn, int window, double bm25Share) {
        Map<String, Double> scores = new HashMap<>();
        addNormalised(scores, bestPerDoc(bm25), window, bm25Share);
        addNormalised(scores, bestPerDoc(knn), window, 1 - bm25Share);
        return scores.keySet().stream()
                .sorted(Comparator.comparingDouble((String key) -> scores.get(key)).reversed().thenComparing(key -> key))
                .toList();
    }

    /** Min-max score fusion over chunks (as HybridSearch fuses), then documents by their best chunk. */
    static List<String> linearChunks(List<Hit> bm25, List<Hit> knn, int window, double bm25Share) {
        Map<String, Double> scores = new HashMap<>();
        Map<String, String> docOf = new HashMap<>();
        for (Hit hit : bm25) {
            docOf.put(hit.chunk(), hit.doc());
        }
        for (Hit hit : knn) {
            docOf.put(hit.chunk(), hit.doc());
        }
        addNormalised(scores, bm25.stream().map(h -> new Hit(h.chunk(), h.chunk(), h.score())).toList(), window,
                bm25Share);
        addNormalised(scores, knn.stream().map(h -> new Hit(h.chunk(), h.chunk(), h.score())).toList(), window,
                1 - bm25Share);
        return distinct(scores.keySet().stream()
                .sorted(Comparator.comparingDouble((String key) -> scores.get(key)).reversed().thenComparing(key -> key))
                .map(docOf::get).toList());
    }

    private static void addNormalised(Map<String, Double> scores, List<Hit> list, int window, double weight) {
        List<Hit> top = list.subList(0, Math.min(window, list.size()));
        if (top.isEmpty()) {
            return;
        }
        double max = top.get(0).score();
        double min = top.get(top.size() - 1).score();
        for (Hit hit : top) {
            double normalised = max == min ? 1 : (hit.score() - min) / (max - min);
            scores.merge(hit.doc(), weight * normalised, Double::sum);
        }
    }

    private static List<Hit> bestPerDoc(List<Hit> list) {
        Set<String> seen = new LinkedHashSet<>();
        List<Hit> out = new ArrayList<>();
        for (Hit hit : list) {
            if (seen.add(hit.doc())) {
                out.add(hit);
            }
        }
        return out;
    }

    private static List<String> docs(List<Hit> list) {
        return distinct(list.stream().map(Hit::doc).toList());
    }

    private static List<String> distinct(List<String> ids) {
        return List.copyOf(new LinkedHashSet<>(ids));
    }

    private List<Hit> search(Query query) throws IOException {
        @SuppressWarnings("rawtypes")
        SearchResponse<Map> response = client.search(s -> s.index(index).query(query).size(DEPTH)
                .source(c -> c.filter(f -> f.includes("source"))), Map.class);
        return hits(response);
    }

    private List<Hit> knn(float[] vector) throws IOException {
        List<Float> queryVector = new ArrayList<>(vector.length);
        for (float f : vector) {
            queryVector.add(f);
        }
        @SuppressWarnings("rawtypes")
        SearchResponse<Map> response = client.search(s -> s.index(index)
                .knn(k -> k.field("vector").queryVector(queryVector).k(DEPTH).numCandidates(2 * DEPTH)).size(DEPTH)
                .source(c -> c.filter(f -> f.includes("source"))), Map.class);
        return hits(response);
    }

    @SuppressWarnings("rawtypes")
    private static List<Hit> hits(SearchResponse<Map> response) {
        return response.hits().hits().stream().map(h -> new Hit(h.id(),
                BeirIndexer.corpusId((String) h.source().get("source")), h.score() == null ? 0 : h.score())).toList();
    }
}
