package dev.tandem.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.tandem.ingest.Embedder;
import dev.tandem.ingest.EmbeddingModels;
import dev.tandem.search.ChunkIndex;
import dev.tandem.search.HybridSearch;
import dev.tandem.search.SearchQuery;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Latency of {@code GET /api/search} (hybrid, k=10) through the whole app, started in process the way
 * {@code TandemApplication} starts it, against the SciFact index of {@link RetrievalQualityBenchmark} (built first when
 * missing). Sequential requests with SciFact queries; baselines from the same run: the same queries as a plain BM25
 * {@code match} sent straight to Elasticsearch, {@link HybridSearch} called in process (no HTTP, no Camel), and the
 * query embedding alone.
 *
 * <p>Usage: {@code corpus.jsonl queries.jsonl qrels.tsv [--requests N] [--warmup N] [--model NAME] [--data-dir DIR]
 * [--explore]}; {@code --explore} adds a breakdown of the API's time (the floor of a rejected request, BM25 and vector
 * alone over HTTP and in process); {@code --app-property} overrides any other setting of the app (e.g.
 * {@code camel.main.streamCachingEnabled=false}).
 */
public final class SearchLatencyBenchmark {

    private static final String API_HYBRID = "API hybrid (HTTP)";
    private static final String IN_PROCESS_HYBRID = "HybridSearch hybrid in process";
    private static final String ES_BM25 = "ES bm25 match";

    private SearchLatencyBenchmark() {
    }

    /** Latencies of one kind of call, in milliseconds. */
    record Latencies(String name, double[] millis) {

        double percentile(double p) {
            return Percentiles.nearestRank(millis, p);
        }

        double mean() {
            return Arrays.stream(millis).average().orElse(0);
        }
    }

    /** A timed call, run once per query. */
    interface Call {
        void run(String query) throws Exception;
    }

    public static void main(String[] args) {
        BenchRun.main("search-latency", args, SearchLatencyBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        BenchArgs arguments = BenchArgs.parse(args, "SearchLatencyBenchmark corpus.jsonl queries.jsonl qrels.tsv"
                + " [--requests N] [--warmup N] [--model NAME] [--explore]", Set.of("--requests", "--warmup", "--model"),
                Set.of("--explore"), 3);
        List<String> files = arguments.positional();
        int requests = arguments.integer("--requests", 500);
        int warmup = arguments.integer("--warmup", 50);
        boolean explore = arguments.flag("--explore");
        Map<String, String> appProperties = arguments.appProperties();
        String model = arguments.text("--model", EmbeddingModels.DEFAULT);
        Path dataDir = arguments.dataDir();
        BeirDataset data = BeirDataset.load(Path.of(files.get(0)), Path.of(files.get(1)), Path.of(files.get(2)));
        List<String> queries = queries(data, warmup + requests);
        Embedder embedder = EmbeddingModels.create(model);
        try (BenchCluster cluster = BenchCluster.start(dataDir)) {
            ChunkIndex index = new ChunkIndex(cluster.client(), BeirIndexer.INDEX_PREFIX, model, embedder.dimensions());
            BeirIndexer indexer = new BeirIndexer(cluster.client(), index, embedder);
            if (!indexer.isComplete(data.corpus().size())) {
                System.out.println("Index " + index.name() + " missing or incomplete: building it");
                BeirIndexer.Stats stats = indexer.rebuild(data.corpus().values());
                System.out.printf("indexed %d chunks in %.1f s%n", stats.chunks(), stats.millis() / 1000.0);
            }
            // an inbox of the benchmark's own that nothing writes to: the ingestion route finds nothing
            Path appDir = dataDir.resolve("latency-app").toAbsolutePath();
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("tandem.data.dir", appDir.toString());
            settings.put("tandem.inbox", Files.createDirectories(appDir.resolve("inbox")).toString());
            settings.put("tandem.es.url", cluster.url().toString());
            settings.put("tandem.es.index", BeirIndexer.INDEX_PREFIX);
            settings.put("tandem.embedding.model", model);
            settings.putAll(appProperties);
            try (BenchApp app = BenchApp.start(settings)) {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                URI base = URI.create("http://127.0.0.1:" + app.port);
                HybridSearch inProcess = new HybridSearch(cluster.connection(), index.name(), embedder, new SimpleMeterRegistry());
                Map<String, Call> calls = new LinkedHashMap<>();
                calls.put(API_HYBRID, q -> apiSearch(http, base, q, "hybrid"));
                calls.put(IN_PROCESS_HYBRID, q -> inProcess.search(new SearchQuery(q, SearchQuery.Mode.HYBRID, 10)));
                calls.put(ES_BM25, q -> bm25(cluster.client(), index.name(), q));
                calls.put("query embedding", embedder::embedQuery);
                if (explore) {
                    calls.put("API floor: 400 for no query", q -> apiRejected(http, base));
                    calls.put("API bm25 (HTTP)", q -> apiSearch(http, base, q, "bm25"));
                    calls.put("HybridSearch bm25", q -> inProcess.search(new SearchQuery(q, SearchQuery.Mode.BM25, 10)));
                    calls.put("API vector (HTTP)", q -> apiSearch(http, base, q, "vector"));
                    calls.put("HybridSearch vector", q -> inProcess.search(new SearchQuery(q, SearchQuery.Mode.VECTOR, 10)));
                }
                Map<String, Latencies> results = measure(calls, queries, warmup);
                print(results, requests, warmup, model);
                if (!appProperties.isEmpty()) {
                    System.out.println("app properties " + appProperties);
                }
            }
        }
    }

    /** Distinct SciFact queries, judged ones first, cycled when more requests than queries are asked for. */
    private static List<String> queries(BeirDataset data, int count) {
        List<String> pool = new ArrayList<>(data.judgedQueryIds().stream().map(data.queries()::get).toList());
        data.queries().forEach((id, text) -> {
            if (!data.qrels().containsKey(id)) {
                pool.add(text);
            }
        });
        List<String> queries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            queries.add(pool.get(i % pool.size()));
        }
        return queries;
    }

    private static void apiSearch(HttpClient http, URI base, String query, String mode)
            throws IOException, InterruptedException {
        URI uri = base.resolve("/api/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&mode=" + mode
                + "&k=10");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** The cheapest answer the search route gives: HTTP, Camel, validation and the error response, no search. */
    private static void apiRejected(HttpClient http, URI base) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/search?k=10"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 400) {
            throw new IOException("GET /api/search without q answered " + response.statusCode());
        }
    }

    private static void bm25(ElasticsearchClient client, String index, String query) throws IOException {
        client.search(s -> s.index(index).size(10).query(q -> q.match(m -> m.field("text").query(query)))
                .source(c -> c.fetch(false)), Map.class);
    }

    /** Every call on each query in turn ({@link Interleaved}); the first {@code warmup} queries are not counted. */
    private static Map<String, Latencies> measure(Map<String, Call> calls, List<String> queries, int warmup)
            throws Exception {
        Map<String, Interleaved.Call> byRound = new LinkedHashMap<>();
        calls.forEach((name, call) -> byRound.put(name, round -> call.run(queries.get(round))));
        Map<String, Latencies> results = new LinkedHashMap<>();
        Interleaved.millis(byRound, queries.size(), warmup)
                .forEach((name, values) -> results.put(name, new Latencies(name, values)));
        return results;
    }

    private static void print(Map<String, Latencies> results, int requests, int warmup, String model) {
        System.out.printf("%nSearch latency: %d sequential requests per row (rows interleaved) after %d warm-up, k=10, model %s%n",
                requests, warmup, model);
        System.out.printf("%-30s %8s %8s %8s%n", "call", "p50 ms", "p99 ms", "mean ms");
        for (Latencies l : results.values()) {
            System.out.printf("%-30s %8.1f %8.1f %8.1f%n", l.name(), l.percentile(50), l.percentile(99), l.mean());
        }
        double api = results.get(API_HYBRID).percentile(50);
        System.out.printf("API hybrid p50 / ES bm25 p50: %.2f%n", api / results.get(ES_BM25).percentile(50));
        System.out.printf("API hybrid p50 / in-process HybridSearch p50: %.2f%n",
                api / results.get(IN_PROCESS_HYBRID).percentile(50));
        System.out.println("goal (API hybrid p50 <= 30 ms): " + (api <= 30 ? "met" : "NOT met"));
    }
}
