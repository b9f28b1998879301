package dev.tandem.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.ingest.AnalyzedDocument;
import dev.tandem.ingest.Chunk;
import dev.tandem.ingest.Chunker;
import dev.tandem.ingest.DocumentAnalyzer;
import dev.tandem.ingest.DocumentParser;
import dev.tandem.ingest.EmbeddingModels;
import dev.tandem.search.ElasticsearchDevService;

/**
 * End-to-end ingestion throughput, CPU and memory of the watched-folder pipeline against the embedding model alone.
 *
 * <p>Starts the Elasticsearch dev service once (data under {@code target/bench-data/ingest-es}), then Tandem as a
 * process of its own ({@link IngestionTandemProcess}, default JVM settings, as {@code java -jar} runs it) against it,
 * with a fresh index and an empty inbox. Two passes follow. The warm-up pass copies a sample of the corpus into
 * {@code inbox/warm-up/}; the measured pass then copies the whole corpus into {@code inbox/measured/}; each is timed
 * until every copied file is indexed or failed. Tandem runs for days: what it costs per chunk is what a warm JVM
 * spends, while the JIT's compilation of Tika, PDFBox, Jackson and the Elasticsearch client is paid once per
 * launch, so the goal is judged on the measured pass, and the warm-up pass's figures are printed beside it for the
 * cold cost. CPU and RSS are read from {@code /proc} for Tandem's process alone, Elasticsearch's apart.
 *
 * <p>The baseline is the embedding model alone, also in a process of its own ({@link IngestionRawModel}) with the
 * same JVM settings, embedding the same passages (built here with the production parser, analyser and chunker)
 * document by document as the pipeline calls it, warm: its chunks per second, CPU per chunk and RSS.
 *
 * <p>Arguments: {@code --classpath-file <file>} (Tandem's runtime class path) {@code [corpus-dir] [--warm-up n]
 * [--warm-up-passes k] [--set tandem.some.property=value]... [--es-setting index.x=value]...}; the corpus defaults to
 * {@code ../shared/data/docs-corpus}, the warm-up pass to 100 files spread over the corpus (0: none), run once; with
 * {@code --warm-up-passes k} it runs k times, each into a folder of its own, so that the measured pass finds a JVM
 * whose compiler has seen the same documents k times (the steady state of a long-running Tandem). {@code --set}
 * overrides a Tandem setting, {@code --es-setting} changes a setting of the index Tandem created before the files are
 * copied; both are for experiments. The environment variable {@code BENCH_TANDEM_JAVA_OPTS} adds JVM options to the
 * Tandem process (a profiler, a heap cap). Run it with {@code bench/ingestion}.
 */
public final class IngestionThroughputBenchmark {

    private static final List<String> EXTENSIONS = List.of(".md", ".html", ".pdf");
    private static final Duration HEALTH_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration INGEST_TIMEOUT = Duration.ofMinutes(20);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    /**
     * Each status request costs Tandem CPU (the HTTP server, the route): asked every 100 ms, it added about 1 ms per
     * chunk to Tandem's figure. Every 500 ms it adds a fifth of that, and the timing error stays under 1 % of a pass.
     */
    private static final Duration STATUS_INTERVAL = Duration.ofMillis(500);
    /**
     * When the RSS of an idle Tandem is read, counted from the end of the measured pass: at 65 s, after a periodic
     * collection (G1PeriodicGCInterval, HeapDefaults); at 150 s, after the language profiles went too (a minute
     * without documents, checked every 15 s: LanguageDetection) and the next periodic collection.
     */
    private static final List<Duration> IDLE = List.of(Duration.ofSeconds(65), Duration.ofSeconds(150));
    private static final int CHUNK_WORDS = 200;
    private static final int CHUNK_OVERLAP = 40;
    private static final int RAW_WARM_UP_DOCUMENTS = 5;
    private static final String WARM_UP = "warm-up";
    private static final String MEASURED = "measured";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final Path benchData = Path.of("target", "bench-data").toAbsolutePath();
    private final List<String> javaCommand;
    private final String tandemClasspath;

    private IngestionThroughputBenchmark(String tandemClasspath) throws Exception {
        String benchClasses = Path.of(IngestionThroughputBenchmark.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI()).toString();
        this.tandemClasspath = benchClasses + ":" + tandemClasspath;
        this.javaCommand = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + benchData.resolve("tmp"));
    }

    public static void main(String[] args) {
        BenchRun.main("ingestion", args, IngestionThroughputBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        Path corpus = Path.of("../shared/data/docs-corpus");
        Path classpathFile = null;
        int warmUp = 100;
        int warmUpPasses = 1;
        Map<String, String> overrides = new LinkedHashMap<>();
        Map<String, String> indexSettings = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if ((args[i].equals("--set") || args[i].equals("--es-setting")) && i + 1 < args.length) {
                String[] kv = args[i + 1].split("=", 2);
                (args[i].equals("--set") ? overrides : indexSettings).put(kv[0], kv.length > 1 ? kv[1] : "");
                i++;
            } else if (args[i].equals("--classpath-file") && i + 1 < args.length) {
                classpathFile = Path.of(args[++i]);
            } else if (args[i].equals("--warm-up") && i + 1 < args.length) {
                warmUp = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--warm-up-passes") && i + 1 < args.length) {
                warmUpPasses = Integer.parseInt(args[++i]);
            } else {
                corpus = Path.of(args[i]);
            }
        }
        if (classpathFile == null) {
            throw new IllegalArgumentException("Give --classpath-file <file> (Tandem's runtime class path)");
        }
        String classpath = Path.of("target", "classes").toAbsolutePath() + ":" + Files.readString(classpathFile)
                .strip();
        new IngestionThroughputBenchmark(classpath).run(corpus.toAbsolutePath().normalize(), warmUp, warmUpPasses,
                overrides, indexSettings);
    }

    private void run(Path corpus, int warmUpFiles, int warmUpPasses, Map<String, String> overrides,
            Map<String, String> indexSettings) throws Exception {
        List<Path> files = corpusFiles(corpus);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("No .md, .html or .pdf files under " + corpus);
        }
        List<Path> warmUp = spread(files, warmUpFiles);
        Path runDir = Files.createDirectories(benchData.resolve("ingest-runs"))
                .resolve("run-" + System.currentTimeMillis());
        Path inbox = Files.createDirectories(runDir.resolve("inbox"));
        Path appData = Files.createDirectories(runDir.resolve("data"));
        String index = "bench-" + Long.toString(System.currentTimeMillis(), 36);
        String model = overrides.getOrDefault("tandem.embedding.model", EmbeddingModels.DEFAULT);

        print("corpus: %s (%d files: %s); warm-up pass: %d of them, %d time(s)", corpus, files.size(),
                countByExtension(files), warmUp.size(), warmUp.isEmpty() ? 0 : warmUpPasses);

        Tandem tandem;
        try (ElasticsearchDevService elasticsearch = new ElasticsearchDevService(Optional.empty(),
                benchData.resolve("ingest-es"), "512m")) {
            long esStart = System.nanoTime();
            URI esUrl = elasticsearch.start();
            print("elasticsearch dev service: %s, ready in %d ms", esUrl, millisSince(esStart));
            tandem = runTandem(corpus, warmUp, warmUpPasses, files, runDir, inbox, appData, esUrl, index, overrides,
                    indexSettings);
            // a run that finished leaves nothing behind: one index and one copy of the corpus per run add up
            deleteIndex(esUrl, index + "-" + model);
            deleteTree(runDir);
        }
        Raw raw = runRawModel(files, corpus, model);
        report(corpus, files, tandem, raw);
    }

    private void report(Path corpus, List<Path> files, Tandem tandem, Raw raw) {
        Pass pass = tandem.measured;
        double rawPerChunk = 1000 * raw.cpuSeconds / raw.chunks;
        print("");
        print("=== ingestion throughput (%s, %d cores; other work may share the machine) ===", corpus.getFileName(),
                cores());
        print("files copied             %d", files.size());
        print("pipeline                 %d indexed, %d failed, %d unchanged, %d chunks in %.1f s",
                pass.indexed, pass.failed, pass.unchanged, pass.chunks, pass.seconds);
        print("  moved                  %d to .done, %d to .failed", tandem.movedDone, tandem.movedFailed);
        print("  first file picked up   %.1f s after the copy, first done after %.1f s", pass.firstSeenSeconds,
                pass.firstDoneSeconds);
        print("pipeline files/s         %.1f", files.size() / pass.seconds);
        print("pipeline chunks/s        %.1f", pass.chunks / pass.seconds);
        print("raw model                %d chunks of %d documents (%d not parseable) in %.1f s", raw.chunks,
                raw.documents, raw.rejected, raw.seconds);
        print("raw chunks/s             %.1f", raw.chunks / raw.seconds);
        print("ratio pipeline/raw       %.2f (goal >= 0.75 with Elasticsearch on these cores, >= 0.9 without)",
                (pass.chunks / pass.seconds) / (raw.chunks / raw.seconds));
        print("cpu per chunk            pipeline %.1f ms (Tandem %.1f ms, Elasticsearch %.1f ms), raw model %.1f ms",
                (pass.tandemCpu.process() + pass.elasticsearchSeconds) * pass.perChunk(),
                pass.tandemCpu.process() * pass.perChunk(), pass.elasticsearchSeconds * pass.perChunk(),
                rawPerChunk);
        printStages(pass, tandem.stages.getOrDefault(MEASURED, Map.of()));
        double beyond = pass.tandemCpu.process() * pass.perChunk() - rawPerChunk;
        print("  Tandem beyond the model %.1f ms per chunk (goal <= 2), Tandem / model %.2f; model / (model + "
                + "elasticsearch) %.2f", beyond, pass.tandemCpu.process() * pass.perChunk() / rawPerChunk,
                rawPerChunk / (rawPerChunk + pass.elasticsearchSeconds * pass.perChunk()));
        print("cpu used / available     pipeline %.0f%%, raw model %.0f%% of %d cores",
                100 * (pass.tandemCpu.process() + pass.elasticsearchSeconds) / (pass.seconds * cores()),
                100 * raw.cpuSeconds / (raw.seconds * cores()), cores());
        if (tandem.warmUp != null) {
            Pass cold = tandem.warmUp;
            print("warm-up pass (cold JVM)  %d files, %d chunks in %.1f s: Tandem %.1f ms per chunk, beyond the model"
                    + " %.1f ms, JIT compiler threads %.1f ms of it", cold.indexed + cold.failed, cold.chunks,
                    cold.seconds, cold.tandemCpu.process() * cold.perChunk(),
                    cold.tandemCpu.process() * cold.perChunk() - rawPerChunk,
                    cold.tandemCpu.threads("CompilerThre") * cold.perChunk());
        }
        print("RSS after ingesting      Tandem %d MiB (goal <= 400 MB), model alone %d MiB, ratio %.2f", tandem.rssKiB
                / 1024, raw.rssKiB / 1024, (double) tandem.rssKiB / raw.rssKiB);
        for (int i = 0; i < IDLE.size(); i++) {
            print("  once idle for %3d s     Tandem %d MiB", IDLE.get(i).toSeconds(), tandem.idleRssKiB.get(i) / 1024);
        }
        print("  Tandem's JVM options   %s; the model alone runs with the JVM's defaults",
                tandem.jvmOptions.isEmpty() ? "none (the JVM's defaults)" : String.join(" ", tandem.jvmOptions));
        print("load average at end      %s", BenchRun.loadAverage());
    }

    private static void printStages(Pass pass, Map<String, Double> stages) {
        print("  by stage (the thread that runs each step of ingest-document):");
        double steps = 0;
        for (Map.Entry<String, Double> stage : stages.entrySet()) {
            print("    %-38s %6.2f ms", stage.getKey(), stage.getValue() * pass.perChunk());
            steps += stage.getValue();
        }
        double compiler = pass.tandemCpu.threads("CompilerThre");
        double rest = pass.tandemCpu.process() - steps - compiler;
        print("    %-38s %6.2f ms", "JIT compiler threads", compiler * pass.perChunk());
        print("    %-38s %6.2f ms", "rest: the model's threads, GC, polling", rest * pass.perChunk());
        print("    %-38s %6.2f ms", "elasticsearch (its processes)", pass.elasticsearchSeconds * pass.perChunk());
    }

    /** One pass of files through the pipeline: status counts and CPU of that pass alone. */
    private record Pass(long indexed, long failed, long unchanged, long chunks, double seconds,
            double firstSeenSeconds, double firstDoneSeconds, IngestionCpuAccounting.Sample tandemCpu,
            double elasticsearchSeconds) {

        double perChunk() {
            return 1000.0 / chunks;
        }
    }

    private record Tandem(Pass warmUp, Pass measured, long movedDone, long movedFailed,
            Map<String, Map<String, Double>> stages, long rssKiB, List<Long> idleRssKiB, List<String> jvmOptions) {
    }

    private record Raw(int documents, int rejected, int chunks, double seconds, double cpuSeconds, long rssKiB) {
    }

    private Tandem runTandem(Path corpus, List<Path> warmUpFiles, int warmUpPasses, List<Path> files, Path runDir,
            Path inbox, Path appData, URI esUrl, String index, Map<String, String> overrides,
            Map<String, String> indexSettings) throws Exception {
        int port = freePort();
        Path stagesFile = runDir.resolve("stages.json");
        Path log = benchData.resolve("ingest-runs").resolve(runDir.getFileName() + "-tandem.log");
        List<String> jvmOptions = List.of(System.getenv().getOrDefault("BENCH_TANDEM_JAVA_OPTS", "").strip()
                .split("\\s+")).stream().filter(o -> !o.isEmpty()).toList();
        List<String> command = new ArrayList<>(javaCommand);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", tandemClasspath, IngestionTandemProcess.class.getName(), stagesFile.toString(),
                inbox.toString()));
        overrides.forEach((key, value) -> {
            command.addAll(List.of("--set", key + "=" + value));
            print("override: %s=%s", key, value);
        });
        ProcessBuilder builder = new ProcessBuilder(command).directory(runDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("TANDEM_"));
        env.put("TANDEM_HTTP_PORT", Integer.toString(port));
        env.put("TANDEM_DATA_DIR", appData.toString());
        env.put("TANDEM_INBOX", inbox.toString());
        env.put("TANDEM_ES_URL", esUrl.toString());
        env.put("TANDEM_ES_INDEX", index);
        print("tandem process log: %s", log);
        long launched = System.nanoTime();
        Process process = builder.start();
        URI base = URI.create("http://127.0.0.1:" + port);
        try {
            awaitHealthy(base.resolve("/observe/health"), process, log);
            print("tandem up in %d ms (pid %d, index %s)", millisSince(launched), process.pid(), index);
            if (!indexSettings.isEmpty()) {
                changeIndexSettings(esUrl, index, indexSettings);
            }
            Pass warmUp = null;
            for (int n = 1; n <= warmUpPasses && !warmUpFiles.isEmpty(); n++) {
                Pass done = pass(n == 1 ? WARM_UP : WARM_UP + "-" + n, warmUpFiles, corpus, inbox, base, process.pid(),
                        status(base));
                warmUp = warmUp == null ? done : warmUp;
                print("warm-up pass %d done: %d files in %.1f s", n, warmUpFiles.size(), done.seconds);
            }
            JsonNode indexBefore = indexStats(esUrl, index);
            Pass measured = pass(MEASURED, files, corpus, inbox, base, process.pid(), status(base));
            printIndexWork(indexBefore, indexStats(esUrl, index));
            long rssKiB = IngestionCpuAccounting.rssKiB(process.pid());
            long[] moved = awaitMoved(inbox, MEASURED, files.size());
            long idleFrom = System.nanoTime();
            List<Long> idleRssKiB = new ArrayList<>();
            for (Duration idle : IDLE) {
                waitFor(Duration.ofNanos(Math.max(0, idle.toNanos() - (System.nanoTime() - idleFrom))));
                idleRssKiB.add(IngestionCpuAccounting.rssKiB(process.pid()));
            }
            stop(process);
            Map<String, Map<String, Double>> stages = json.readValue(stagesFile.toFile(), new TypeReference<>() { });
            return new Tandem(warmUp, measured, moved[0], moved[1], stages, rssKiB, idleRssKiB, jvmOptions);
        } finally {
            stop(process);
        }
    }

    /** Copies the files into {@code inbox/<phase>/} and waits until each is indexed or failed. */
    private Pass pass(String phase, List<Path> files, Path corpus, Path inbox, URI base, long pid, JsonNode before)
            throws Exception {
        long done0 = before.path("indexed").asLong() + before.path("failed").asLong();
        IngestionCpuAccounting.Sample cpuBefore = IngestionCpuAccounting.sample(pid);
        double esBefore = elasticsearchSeconds(pid);
        long start = System.nanoTime();
        for (Path file : files) {
            Path target = inbox.resolve(phase).resolve(corpus.relativize(file).toString());
            Files.createDirectories(target.getParent());
            Files.copy(file, target);
        }
        print("%s: copied %d files in %d ms", phase, files.size(), millisSince(start));

        long deadline = start + INGEST_TIMEOUT.toNanos();
        double firstSeen = -1;
        double firstDone = -1;
        long lastReport = start;
        JsonNode status;
        while (true) {
            status = status(base);
            long done = status.path("indexed").asLong() + status.path("failed").asLong() - done0;
            long now = System.nanoTime();
            if (firstSeen < 0 && status.path("seen").asLong() > before.path("seen").asLong()) {
                firstSeen = (now - start) / 1e9;
            }
            if (firstDone < 0 && done > 0) {
                firstDone = (now - start) / 1e9;
            }
            if (done >= files.size()) {
                break;
            }
            if (now > deadline) {
                throw new IllegalStateException("Ingestion did not finish within " + INGEST_TIMEOUT + ": " + status);
            }
            if (now - lastReport > 10_000_000_000L) {
                print("  ... %s", status);
                lastReport = now;
            }
            waitFor(STATUS_INTERVAL);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        IngestionCpuAccounting.Sample cpu = IngestionCpuAccounting.sample(pid).minus(cpuBefore);
        double elasticsearch = elasticsearchSeconds(pid) - esBefore;
        print("%s: status at end %s", phase, status);
        print("%s: tandem cpu %s; elasticsearch %.1f s", phase, cpu.describe(8), elasticsearch);
        return new Pass(delta(status, before, "indexed"), delta(status, before, "failed"),
                delta(status, before, "unchanged"), delta(status, before, "chunks"), seconds, firstSeen, firstDone,
                cpu, elasticsearch);
    }

    private static long delta(JsonNode after, JsonNode before, String field) {
        return after.path(field).asLong() - before.path(field).asLong();
    }

    /** CPU of the processes this benchmark started other than Tandem: the Elasticsearch dev service. */
    private static double elasticsearchSeconds(long tandemPid) {
        return ProcessHandle.current().descendants().filter(p -> p.pid() != tandemPid)
                .mapToDouble(p -> IngestionCpuAccounting.seconds(p.pid())).sum();
    }

    /** Asks the process to stop as on Ctrl-C (so that it writes its stage counts), then waits for it. */
    private static void stop(Process process) throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /**
     * Files move to {@code <inbox>/.done/<phase>/...} or {@code .failed/} after the route completes, a moment after
     * the status counts them: wait for the moves.
     */
    private long[] awaitMoved(Path inbox, String phase, int expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            long done = 0;
            long failed = 0;
            try (Stream<Path> paths = Files.walk(inbox)) {
                for (Path p : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                    String rel = inbox.relativize(p).toString();
                    if (rel.startsWith(".done/" + phase + "/")) {
                        done++;
                    } else if (rel.startsWith(".failed/" + phase + "/") && !rel.endsWith(".error.txt")) {
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

    /** Builds the passages with the production steps, then has the model alone embed them in its own process. */
    private Raw runRawModel(List<Path> files, Path corpus, String model) throws Exception {
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
        Path passages = benchData.resolve("ingest-runs").resolve("passages-" + System.currentTimeMillis() + ".json");
        json.writeValue(passages.toFile(), documents);
        List<String> command = new ArrayList<>(javaCommand);
        command.addAll(List.of("-cp", tandemClasspath, IngestionRawModel.class.getName(), passages.toString(), model,
                Integer.toString(RAW_WARM_UP_DOCUMENTS)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .toList();
        int exit = process.waitFor();
        Files.delete(passages);
        String result = output.stream().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow(() ->
                new IllegalStateException("The model-alone process exited with " + exit + ":\n"
                        + String.join("\n", output)));
        output.stream().filter(l -> l.startsWith("raw cpu:")).forEach(l -> print("%s", l));
        JsonNode r = json.readTree(result.substring("RESULT ".length()));
        return new Raw(documents.size(), rejected, r.path("chunks").asInt(), r.path("seconds").asDouble(),
                r.path("cpuSeconds").asDouble(), r.path("rssKiB").asLong());
    }

    /** Every n-th file, so that the warm-up pass holds each kind of file in its corpus share. */
    static List<Path> spread(List<Path> files, int count) {
        if (count <= 0) {
            return List.of();
        }
        if (count >= files.size()) {
            return files;
        }
        List<Path> picked = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            picked.add(files.get((int) ((long) i * files.size() / count)));
        }
        return picked;
    }

    private void awaitHealthy(URI health, Process process, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + HEALTH_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Tandem stopped while starting; see " + log);
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
        throw new IllegalStateException("Tandem was not healthy within " + HEALTH_TIMEOUT + "; see " + log);
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

    /** The chunk index's own statistics: what Elasticsearch did with the chunks, by kind of work. */
    private JsonNode indexStats(URI esUrl, String index) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                esUrl.resolve("/" + index + "*/_stats/indexing,refresh,flush,merge,segments"))
                .timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Elasticsearch did not give the index's statistics: " + response.body());
        }
        return json.readTree(response.body()).path("_all").path("primaries");
    }

    /** Prints the measured pass's share of Elasticsearch's work: indexing, refreshes, flushes and merges. */
    private static void printIndexWork(JsonNode before, JsonNode after) {
        print("elasticsearch, measured pass: indexing %.1f s, refreshes %s, flushes %s, merges %s of %d docs, %d "
                + "segments at the end", seconds(before, after, "indexing", "index_time_in_millis"),
                work(before, after, "refresh"), work(before, after, "flush"), work(before, after, "merges"),
                delta(before, after, "merges", "total_docs"), after.path("segments").path("count").asLong());
    }

    /** How many times Elasticsearch did this work during the pass, and for how long: {@code 15 (1.2 s)}. */
    private static String work(JsonNode before, JsonNode after, String section) {
        return String.format(Locale.ROOT, "%d (%.1f s)", delta(before, after, section, "total"),
                seconds(before, after, section, "total_time_in_millis"));
    }

    private static double seconds(JsonNode before, JsonNode after, String section, String millisField) {
        return delta(before, after, section, millisField) / 1000.0;
    }

    private static long delta(JsonNode before, JsonNode after, String section, String field) {
        return after.path(section).path(field).asLong() - before.path(section).path(field).asLong();
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

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void print(String format, Object... args) {
        System.out.println("[bench] " + String.format(Locale.ROOT, format, args));
    }
}
