package dev.tandem.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.TandemApplication;
import dev.tandem.config.DotEnv;
import dev.tandem.ingest.AnalyzedDocument;
import dev.tandem.ingest.Chunk;
import dev.tandem.ingest.Chunker;
import dev.tandem.ingest.DocumentAnalyzer;
import dev.tandem.ingest.DocumentParser;
import dev.tandem.ingest.Embedder;
import dev.tandem.ingest.EmbeddingModels;
import dev.tandem.search.ElasticsearchDevService;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * End-to-end ingestion throughput of the watched-folder pipeline against the cost of the embedding model alone.
 *
 * <p>Starts the Elasticsearch dev service once (data under {@code target/bench-data/ingest-es}), starts Tandem in
 * this JVM against it with a fresh index and an empty inbox, copies the corpus's Markdown, HTML and PDF files into
 * the inbox and times until every copied file is indexed or failed. Then it rebuilds the same chunks with the
 * production parser, analyser and chunker and times {@link Embedder#embedPassages} on them, document by document as
 * the pipeline calls it, with the same model, warm.
 *
 * <p>Arguments: {@code [corpus-dir] [--set tandem.some.property=value]... [--es-setting index.x=value]...}; the
 * corpus defaults to {@code ../shared/data/docs-corpus}. {@code --set} overrides a Tandem setting,
 * {@code --es-setting} changes a setting of the index Tandem created before the files are copied; both are for
 * experiments. Run it with {@code bench/ingestion}.
 */
public final class IngestionThroughputBenchmark {

    private static final List<String> EXTENSIONS = List.of(".md", ".html", ".pdf");
    private static final Duration HEALTH_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration INGEST_TIMEOUT = Duration.ofMinutes(20);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final int CHUNK_WORDS = 200;
    private static final int CHUNK_OVERLAP = 40;
    private static final int WARM_UP_DOCUMENTS = 5;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of("../shared/data/docs-corpus");
        Map<String, String> overrides = new LinkedHashMap<>();
        Map<String, String> indexSettings = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if ((args[i].equals("--set") || args[i].equals("--es-setting")) && i + 1 < args.length) {
                String[] kv = args[i + 1].split("=", 2);
                (args[i].equals("--set") ? overrides : indexSettings).put(kv[0], kv.length > 1 ? kv[1] : "");
                i++;
            } else {
                corpus = Path.of(args[i]);
            }
        }
        new IngestionThroughputBenchmark().run(corpus.toAbsolutePath().normalize(), overrides, indexSettings);
        // onnxruntime and Vert.x leave non-daemon threads behind
        System.exit(0);
    }

    private void run(Path corpus, Map<String, String> overrides, Map<String, String> indexSettings)
            throws Exception {
        List<Path> files = corpusFiles(corpus);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("No .md, .html or .pdf files under " + corpus);
        }
        Path benchData = Path.of("target", "bench-data").toAbsolutePath();
        Path runDir = Files.createDirectories(benchData.resolve("ingest-runs"))
                .resolve("run-" + System.currentTimeMillis());
        Path inbox = Files.createDirectories(runDir.resolve("inbox"));
        Path appData = Files.createDirectories(runDir.resolve("data"));
        String index = "bench-" + Long.toString(System.currentTimeMillis(), 36);

        print("corpus: %s (%d files: %s)", corpus, files.size(), countByExtension(files));
        print("cpus: %d (availableProcessors), load average at start: %s", Runtime.getRuntime().availableProcessors(),
                loadAverage());

        Pipeline pipeline;
        try (ElasticsearchDevService elasticsearch = new ElasticsearchDevService(Optional.empty(),
                benchData.resolve("ingest-es"), "512m")) {
            long esStart = System.nanoTime();
            URI esUrl = elasticsearch.start();
            print("elasticsearch dev service: %s, ready in %d ms", esUrl, millisSince(esStart));
            pipeline = runPipeline(files, corpus, inbox, appData, esUrl, index, overrides, indexSettings);
            // a run that finished leaves nothing behind: one index and one copy of the corpus per run add up
            deleteIndex(esUrl, index + "-" + overrides.getOrDefault("tandem.embedding.model", EmbeddingModels.DEFAULT));
            deleteTree(runDir);
        }
        Raw raw = runRawEmbedding(files, corpus);

        print("");
        print("=== ingestion throughput (%s, %d cores; other work may share the machine) ===", corpus.getFileName(),
                Runtime.getRuntime().availableProcessors());
        print("files copied             %d", files.size());
        print("pipeline                 %d indexed, %d failed, %d unchanged, %d chunks in %.1f s",
                pipeline.indexed, pipeline.failed, pipeline.unchanged, pipeline.chunks, pipeline.seconds);
        print("  moved                  %d to .done, %d to .failed", pipeline.movedDone, pipeline.movedFailed);
        print("  first file picked up   %.1f s after the copy, first done after %.1f s", pipeline.firstSeenSeconds,
                pipeline.firstDoneSeconds);
        print("pipeline files/s         %.1f", files.size() / pipeline.seconds);
        print("pipeline chunks/s        %.1f", pipeline.chunks / pipeline.seconds);
        print("raw model                %d chunks of %d documents (%d not parseable) in %.1f s", raw.chunks,
                raw.documents, raw.rejected, raw.seconds);
        print("raw chunks/s             %.1f", raw.chunks / raw.seconds);
        print("ratio pipeline/raw       %.2f (goal >= 0.75 with Elasticsearch on these cores, >= 0.9 without)",
                (pipeline.chunks / pipeline.seconds) / (raw.chunks / raw.seconds));
        double pipelineCpu = pipeline.cpu.get("process") + pipeline.cpu.get("children");
        double perChunk = 1000.0 / pipeline.chunks;
        double rawPerChunk = 1000 * raw.cpu.get("process") / raw.chunks;
        print("cpu per chunk            pipeline %.1f ms (Tandem %.1f ms, Elasticsearch %.1f ms), raw model %.1f ms",
                pipelineCpu * perChunk, pipeline.cpu.get("process") * perChunk, pipeline.cpu.get("children") * perChunk,
                rawPerChunk);
        print("  by stage (the thread that runs each step of ingest-document):");
        double steps = 0;
        for (Map.Entry<String, Double> stage : pipeline.stageSeconds.entrySet()) {
            print("    %-38s %6.2f ms", stage.getKey(), stage.getValue() * perChunk);
            steps += stage.getValue();
        }
        double compiler = pipeline.cpu.seconds().entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
                .mapToDouble(Map.Entry::getValue).sum();
        double rest = pipeline.cpu.get("process") - steps - compiler;
        print("    %-38s %6.2f ms", "JIT compiler threads (still alive)", compiler * perChunk);
        print("    %-38s %6.2f ms", "rest: the model's threads, GC, polling", rest * perChunk);
        print("    %-38s %6.2f ms", "elasticsearch (child processes)", pipeline.cpu.get("children") * perChunk);
        print("  Tandem beyond the model %.1f ms per chunk (goal <= 2); model / (model + elasticsearch) %.2f",
                pipeline.cpu.get("process") * perChunk - rawPerChunk,
                rawPerChunk / (rawPerChunk + pipeline.cpu.get("children") * perChunk));
        print("cpu used / available     pipeline %.0f%%, raw model %.0f%% of %d cores",
                100 * pipelineCpu / (pipeline.seconds * cores()),
                100 * raw.cpu.get("process") / (raw.seconds * cores()), cores());
        print("this JVM's RSS after the pipeline  %d MiB (Tandem and this benchmark's client in one JVM; max heap %d MiB,"
                + " JVM options %s)", pipeline.rssKiB / 1024, Runtime.getRuntime().maxMemory() / (1024 * 1024),
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        print("load average at end      %s", loadAverage());
    }

    private record Pipeline(long indexed, long failed, long unchanged, long chunks, double seconds,
            double firstSeenSeconds, double firstDoneSeconds, long movedDone, long movedFailed,
            IngestionCpuAccounting.Sample cpu, Map<String, Double> stageSeconds, long rssKiB) {
    }

    private record Raw(int documents, int rejected, int chunks, double seconds, IngestionCpuAccounting.Sample cpu) {
    }

    private Pipeline runPipeline(List<Path> files, Path corpus, Path inbox, Path appData, URI esUrl, String index,
            Map<String, String> overrides, Map<String, String> indexSettings) throws Exception {
        int port = freePort();
        Main main = new Main();
        TandemApplication.assemble(main, DotEnv.empty());
        IngestionStageCpu stages = new IngestionStageCpu();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport configured) {
                configured.getCamelContext().getCamelContextExtension().addInterceptStrategy(stages);
            }
        });
        main.addOverrideProperty("tandem.http.port", Integer.toString(port));
        main.addOverrideProperty("tandem.data.dir", appData.toString());
        main.addOverrideProperty("tandem.inbox", inbox.toString());
        main.addOverrideProperty("tandem.es.url", esUrl.toString());
        main.addOverrideProperty("tandem.es.index", index);
        overrides.forEach((key, value) -> {
            main.addOverrideProperty(key, value);
            print("override: %s=%s", key, value);
        });
        Thread runner = new Thread(() -> {
            try {
                main.run();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "tandem-main");
        runner.start();
        URI base = URI.create("http://127.0.0.1:" + port);
        try {
            long launched = System.nanoTime();
            awaitHealthy(base.resolve("/observe/health"), runner);
            print("tandem up in %d ms (index %s)", millisSince(launched), index);
            if (!indexSettings.isEmpty()) {
                changeIndexSettings(esUrl, index, indexSettings);
            }

            IngestionCpuAccounting.Sample cpuBefore = IngestionCpuAccounting.sample();
            long start = System.nanoTime();
            for (Path file : files) {
                Path target = inbox.resolve(corpus.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
            print("copied %d files in %d ms", files.size(), millisSince(start));

            long deadline = start + INGEST_TIMEOUT.toNanos();
            double firstSeen = -1;
            double firstDone = -1;
            long lastReport = start;
            JsonNode status;
            while (true) {
                status = status(base);
                long done = status.path("indexed").asLong() + status.path("failed").asLong();
                long now = System.nanoTime();
                if (firstSeen < 0 && status.path("seen").asLong() > 0) {
                    firstSeen = (now - start) / 1e9;
                }
                if (firstDone < 0 && done > 0) {
                    firstDone = (now - start) / 1e9;
                }
                if (done >= files.size()) {
                    break;
                }
                if (now > deadline) {
                    throw new IllegalStateException("Ingestion did not finish within " + INGEST_TIMEOUT + ": "
                            + status);
                }
                if (now - lastReport > 10_000_000_000L) {
                    print("  ... %s", status);
                    lastReport = now;
                }
                waitFor(POLL_INTERVAL);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            IngestionCpuAccounting.Sample cpu = IngestionCpuAccounting.sample().minus(cpuBefore);
            long rssKiB = IngestionCpuAccounting.rssKiB();
            print("status at end: %s", status);
            print("pipeline cpu: %s", cpu.describe(8));
            print("elasticsearch: %s", indexStats(esUrl, index));
            long[] moved = awaitMoved(inbox, files.size());
            return new Pipeline(status.path("indexed").asLong(), status.path("failed").asLong(),
                    status.path("unchanged").asLong(), status.path("chunks").asLong(), seconds, firstSeen, firstDone,
                    moved[0], moved[1], cpu, stages.seconds(), rssKiB);
        } finally {
            main.completed();
            runner.join(Duration.ofMinutes(1).toMillis());
        }
    }

    /** Files move after the route completes, a moment after the status counts them: wait for the moves. */
    private long[] awaitMoved(Path inbox, int expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            long done = 0;
            long failed = 0;
            try (Stream<Path> paths = Files.walk(inbox)) {
                for (Path p : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                    String rel = inbox.relativize(p).toString();
                    if (rel.contains(".done/")) {
                        done++;
                    } else if (rel.contains(".failed/") && !rel.endsWith(".error.txt")) {
                        failed++;
                    }
                }
            }
            if (done + failed >= expected || System.nanoTime() > deadline) {
                return new long[] {done, failed};
            }
            waitFor(POLL_INTERVAL);
        }
    }

    private Raw runRawEmbedding(List<Path> files, Path corpus) throws IOException {
        DocumentParser parser = new DocumentParser(100L * 1024 * 1024);
        DocumentAnalyzer analyzer = new DocumentAnalyzer();
        Chunker chunker = new Chunker(CHUNK_WORDS, CHUNK_OVERLAP);
        List<List<String>> documents = new ArrayList<>();
        int rejected = 0;
        long prepareStart = System.nanoTime();
        for (Path file : files) {
            byte[] content = Files.readAllBytes(file);
            try {
                AnalyzedDocument doc = analyzer.analyze(parser.parse(content, file.toString(),
                        corpus.relativize(file).toString(), Files.getLastModifiedTime(file).toMillis()));
                List<String> passages = chunker.chunk(doc).stream().map((Chunk c) -> c.embeddingText(doc.title()))
                        .toList();
                if (!passages.isEmpty()) {
                    documents.add(passages);
                }
            } catch (RuntimeException e) {
                rejected++;
            }
        }
        int chunks = documents.stream().mapToInt(List::size).sum();
        print("raw: parsed, analysed and chunked %d files into %d chunks in %d ms", files.size(), chunks,
                millisSince(prepareStart));

        Embedder embedder = EmbeddingModels.create(EmbeddingModels.DEFAULT);
        for (List<String> passages : documents.subList(0, Math.min(WARM_UP_DOCUMENTS, documents.size()))) {
            embedder.embedPassages(passages);
        }
        IngestionCpuAccounting.Sample cpuBefore = IngestionCpuAccounting.sample();
        long start = System.nanoTime();
        for (List<String> passages : documents) {
            embedder.embedPassages(passages);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        IngestionCpuAccounting.Sample cpu = IngestionCpuAccounting.sample().minus(cpuBefore);
        print("raw cpu: %s", cpu.describe(4));
        return new Raw(documents.size(), rejected, chunks, seconds, cpu);
    }

    private void awaitHealthy(URI health, Thread runner) throws InterruptedException {
        long deadline = System.nanoTime() + HEALTH_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!runner.isAlive()) {
                throw new IllegalStateException("Tandem stopped while starting");
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2))
                        .GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            waitFor(POLL_INTERVAL);
        }
        throw new IllegalStateException("Tandem was not healthy within " + HEALTH_TIMEOUT);
    }

    private JsonNode status(URI base) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/ingest/status"))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /api/ingest/status answered " + response.statusCode());
        }
        return json.readTree(response.body());
    }

    private void deleteIndex(URI esUrl, String index) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(esUrl.resolve("/" + index)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            print("could not delete index %s: %s", index, response.body());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private void changeIndexSettings(URI esUrl, String index, Map<String, String> settings) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(esUrl.resolve("/" + index + "*/_settings"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(settings))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Elasticsearch refused " + settings + ": " + response.body());
        }
        print("index settings changed for this run: %s", settings);
    }

    /** Where Elasticsearch spent its time on the benchmark's index: indexing, refreshes, flushes, merges. */
    private String indexStats(URI esUrl, String index) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(esUrl.resolve("/" + index
                    + "*/_stats/indexing,refresh,flush,merge,segments")).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode total = json.readTree(response.body()).path("_all").path("total");
            return String.format(Locale.ROOT, "indexing %d docs in %.1f s, %d refreshes %.1f s, %d flushes %.1f s, "
                    + "%d merges %.1f s, %d segments now",
                    total.path("indexing").path("index_total").asLong(),
                    total.path("indexing").path("index_time_in_millis").asLong() / 1000.0,
                    total.path("refresh").path("total").asLong(),
                    total.path("refresh").path("total_time_in_millis").asLong() / 1000.0,
                    total.path("flush").path("total").asLong(),
                    total.path("flush").path("total_time_in_millis").asLong() / 1000.0,
                    total.path("merges").path("total").asLong(),
                    total.path("merges").path("total_time_in_millis").asLong() / 1000.0,
                    total.path("segments").path("count").asLong());
        } catch (IOException | InterruptedException e) {
            return "stats unavailable (" + e.getMessage() + ")";
        }
    }

    static List<Path> corpusFiles(Path corpus) throws IOException {
        try (Stream<Path> paths = Files.walk(corpus)) {
            return paths.filter(Files::isRegularFile)
                    .filter(p -> EXTENSIONS.stream().anyMatch(e -> p.getFileName().toString().toLowerCase(Locale.ROOT)
                            .endsWith(e)))
                    .sorted()
                    .toList();
        }
    }

    private static Map<String, Long> countByExtension(List<Path> files) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String extension : EXTENSIONS) {
            counts.put(extension, files.stream().filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(extension))
                    .count());
        }
        return counts;
    }

    /** The pause between two polls of a loop that has a deadline. */
    private static void waitFor(Duration interval) {
        LockSupport.parkNanos(interval.toNanos());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void print(String format, Object... args) {
        System.out.println("[bench] " + String.format(Locale.ROOT, format, args));
    }
}
