package dev.tandem.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tandem.ingest.Chunker;
import dev.tandem.ingest.Embedder;
import dev.tandem.ingest.EmbeddingModels;
import dev.tandem.search.ChunkIndex;
import dev.tandem.search.HybridSearch;
import dev.tandem.search.SearchQuery;
import dev.tandem.search.SearchQuery.Mode;
import dev.tandem.search.SearchResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Retrieval quality of Tandem's search on a BEIR data set (SciFact by default, see {@code bench/retrieval}): indexes
 * the corpus through the production chunker, embedder and chunk index, runs every judged query through
 * {@link HybridSearch} in each mode with k=100, maps chunk hits to corpus documents (best rank per document) and prints
 * nDCG@10 and Recall@100.
 *
 * <p>Usage: {@code corpus.jsonl queries.jsonl qrels.tsv [--model NAME] [--data-dir DIR] [--reuse-index]
 * [--chunk WORDS/OVERLAP]}. {@code --reuse-index} skips indexing when the index already holds the whole corpus;
 * {@code --chunk} tries another passage size (in its own index).
 */
public final class RetrievalQualityBenchmark {

    static final int K = 100;

    private RetrievalQualityBenchmark() {
    }

    /** A search implementation: production {@link HybridSearch} or a scratch variant. */
    interface Searcher {
        SearchResult search(SearchQuery query) throws Exception;
    }

    /** nDCG@10 and Recall@100 of one mode, averaged over the judged queries, and the mean time per query. */
    record Score(double ndcg10, double recall100, double meanMillis) {
    }

    public static void main(String[] args) {
        BenchRun.main("retrieval", args, RetrievalQualityBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        BenchArgs arguments = BenchArgs.parse(args, "RetrievalQualityBenchmark corpus.jsonl queries.jsonl qrels.tsv"
                + " [--model " + String.join("|", EmbeddingModels.NAMES) + "] [--reuse-index] [--chunk WORDS/OVERLAP]",
                Set.of("--model", "--chunk"), Set.of("--reuse-index"), 3);
        List<String> files = arguments.positional();
        String model = arguments.text("--model", EmbeddingModels.DEFAULT);
        Path dataDir = arguments.dataDir();
        boolean reuse = arguments.flag("--reuse-index");
        String[] wordsAndOverlap = arguments.text("--chunk", BeirIndexer.CHUNK_WORDS + "/" + BeirIndexer.CHUNK_OVERLAP)
                .split("/");
        int chunkWords = Integer.parseInt(wordsAndOverlap[0]);
        int chunkOverlap = Integer.parseInt(wordsAndOverlap[1]);
        BeirDataset data = BeirDataset.load(Path.of(files.get(0)), Path.of(files.get(1)), Path.of(files.get(2)));
        Embedder embedder = EmbeddingModels.create(model);
        try (BenchCluster cluster = BenchCluster.start(dataDir)) {
            boolean productionChunks = chunkWords == BeirIndexer.CHUNK_WORDS && chunkOverlap == BeirIndexer.CHUNK_OVERLAP;
            String prefix = BeirIndexer.INDEX_PREFIX + (productionChunks ? "" : "-w" + chunkWords + "o" + chunkOverlap);
            ChunkIndex index = new ChunkIndex(cluster.client(), prefix, model, embedder.dimensions());
            BeirIndexer indexer = new BeirIndexer(cluster.client(), index, embedder, new Chunker(chunkWords, chunkOverlap));
            String indexing;
            if (reuse && indexer.isComplete(data.corpus().size())) {
                indexing = "reused index " + index.name();
            } else {
                BeirIndexer.Stats stats = indexer.rebuild(data.corpus().values());
                indexing = String.format("%d documents -> %d chunks in %.1f s (%.0f chunks/s) into %s", stats.documents(),
                        stats.chunks(), stats.millis() / 1000.0, stats.chunks() * 1000.0 / stats.millis(), index.name());
            }
            HybridSearch search = new HybridSearch(cluster.connection(), index.name(), embedder, new SimpleMeterRegistry());
            Map<Mode, Score> scores = new LinkedHashMap<>();
            for (Mode mode : List.of(Mode.BM25, Mode.VECTOR, Mode.HYBRID)) {
                scores.put(mode, evaluate(search::search, mode, data));
            }
            print(model, data, indexing, scores);
        }
    }

    static Score evaluate(Searcher search, Mode mode, BeirDataset data) throws Exception {
        double ndcg = 0;
        double recall = 0;
        long nanos = 0;
        List<String> queryIds = data.judgedQueryIds();
        for (String queryId : queryIds) {
            long started = System.nanoTime();
            SearchResult result = search.search(new SearchQuery(data.queries().get(queryId), mode, K));
            nanos += System.nanoTime() - started;
            List<String> ranked = documents(result.hits().stream().map(SearchResult.Hit::source).toList());
            ndcg += RetrievalMetrics.ndcg(ranked, data.qrels().get(queryId), 10);
            recall += RetrievalMetrics.recall(ranked, data.qrels().get(queryId), K);
        }
        int n = queryIds.size();
        return new Score(ndcg / n, recall / n, nanos / 1e6 / n);
    }

    /** Corpus ids in order of their best-ranked chunk. */
    static List<String> documents(List<String> chunkSources) {
        Set<String> ids = new LinkedHashSet<>();
        chunkSources.forEach(source -> ids.add(BeirIndexer.corpusId(source)));
        return List.copyOf(ids);
    }

    private static void print(String model, BeirDataset data, String indexing, Map<Mode, Score> scores) {
        Score bm25 = scores.get(Mode.BM25);
        Score vector = scores.get(Mode.VECTOR);
        Score hybrid = scores.get(Mode.HYBRID);
        System.out.printf("%nRetrieval quality: model %s, %d judged queries, %d corpus documents, k=%d%n", model,
                data.qrels().size(), data.corpus().size(), K);
        System.out.println("indexing: " + indexing);
        System.out.printf("%-14s %8s %11s %14s%n", "mode", "nDCG@10", "Recall@100", "ms/query");
        scores.forEach((mode, s) -> System.out.printf("%-14s %8.4f %11.4f %14.1f%n", mode.value(), s.ndcg10(),
                s.recall100(), s.meanMillis()));
        System.out.printf("%-14s %8.3f %11.3f%n", "hybrid/bm25", hybrid.ndcg10() / bm25.ndcg10(),
                hybrid.recall100() / bm25.recall100());
        System.out.printf("%-14s %8.3f %11.3f%n", "hybrid/vector", hybrid.ndcg10() / vector.ndcg10(),
                hybrid.recall100() / vector.recall100());
        boolean met = hybrid.ndcg10() >= 0.70 && hybrid.ndcg10() > bm25.ndcg10() && hybrid.ndcg10() > vector.ndcg10();
        System.out.println("goal (hybrid nDCG@10 >= 0.70 and above bm25 and vector): " + (met ? "met" : "NOT met"));
    }
}
