package dev.tandem.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.tandem.ingest.AnalyzedDocument;
import dev.tandem.ingest.Chunker;
import dev.tandem.ingest.DocumentAnalyzer;
import dev.tandem.ingest.DocumentParser;
import dev.tandem.ingest.EmbeddingModels;

/**
 * Compares ways of running the embedding model on the corpus's chunks, interleaved round by round so that other load
 * on the machine hits every variant alike: langchain4j's default executor or the caller's thread, one or two callers
 * at once (the pipeline's workers), onnxruntime's thread settings. A tool for finding the fastest set-up, not a
 * benchmark to publish. Arguments: {@code [corpus-dir] [documents] [rounds]}.
 */
public final class IngestionEmbeddingProbe {

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args.length > 0 ? args[0] : "../shared/data/docs-corpus").toAbsolutePath().normalize();
        int documentCount = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        List<List<String>> documents = documents(corpus, documentCount);
        int chunks = documents.stream().mapToInt(List::size).sum();
        System.out.printf("[probe] %d documents, %d chunks, load %s%n", documents.size(), chunks, load());

        Map<String, EmbeddingModel> models = new LinkedHashMap<>();
        models.put("langchain4j's model class as shipped", new AllMiniLmL6V2QuantizedEmbeddingModel());
        models.put("production (EmbeddingModels)", EmbeddingModels.create(EmbeddingModels.DEFAULT).model());
        models.put("ort intra=2 spinning, caller thread", session(2, true, Runnable::run));
        models.put("ort intra=2 no spinning, caller thread", session(2, false, Runnable::run));
        models.put("ort intra=1, caller thread", session(1, false, Runnable::run));
        for (EmbeddingModel model : models.values()) {
            embed(model, documents.subList(0, 3), 1);
        }
        Map<String, List<Double>> results = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, EmbeddingModel> e : models.entrySet()) {
                for (int callers : new int[] {1, 2}) {
                    IngestionCpuAccounting.Sample cpuBefore = IngestionCpuAccounting.sample();
                    long start = System.nanoTime();
                    embed(e.getValue(), documents, callers);
                    double rate = chunks / ((System.nanoTime() - start) / 1e9);
                    double cpuMillis = 1000 * IngestionCpuAccounting.sample().minus(cpuBefore).get("process") / chunks;
                    String name = e.getKey() + ", " + callers + " caller(s)";
                    results.computeIfAbsent(name, k -> new ArrayList<>()).add(rate);
                    cpu.computeIfAbsent(name, k -> new ArrayList<>()).add(cpuMillis);
                    System.out.printf(Locale.ROOT,
                            "[probe] round %d %-48s %6.1f chunks/s %5.1f cpu ms/chunk  load %s%n",
                            round, name, rate, cpuMillis, load());
                }
            }
        }
        System.out.println("[probe] summary (chunks/s per round):");
        results.forEach((name, rates) -> System.out.printf(Locale.ROOT,
                "[probe]   %-48s %s chunks/s, %s cpu ms/chunk%n", name, format(rates), format(cpu.get(name))));
        System.exit(0);
    }

    /** Embeds each document with one embedAll call, the documents shared out among {@code callers} threads. */
    private static void embed(EmbeddingModel model, List<List<String>> documents, int callers) throws Exception {
        ConcurrentLinkedQueue<List<String>> queue = new ConcurrentLinkedQueue<>(documents);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                futures.add(pool.submit(() -> {
                    for (List<String> doc = queue.poll(); doc != null; doc = queue.poll()) {
                        model.embedAll(doc.stream().map(TextSegment::from).toList());
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** The all-MiniLM-L6-v2-q model with the given onnxruntime threads; a null executor is langchain4j's pool. */
    private static EmbeddingModel session(int intraOpThreads, boolean spinning, Executor executor) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(intraOpThreads);
        options.addConfigEntry("session.intra_op.allow_spinning", spinning ? "1" : "0");
        byte[] model;
        try (InputStream in = resource("all-minilm-l6-v2-q.onnx")) {
            model = in.readAllBytes();
        }
        OrtSession session = env.createSession(model, options);
        OnnxBertBiEncoder encoder = new OnnxBertBiEncoder(env, session, resource("all-minilm-l6-v2-q-tokenizer.json"),
                PoolingMode.MEAN);
        return new ProbeModel(encoder, executor);
    }

    private static InputStream resource(String name) {
        return IngestionEmbeddingProbe.class.getClassLoader().getResourceAsStream(name);
    }

    private static final class ProbeModel extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder encoder;

        ProbeModel(OnnxBertBiEncoder encoder, Executor executor) {
            super(executor);
            this.encoder = encoder;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return 384;
        }
    }

    /** Every n-th corpus file, parsed and chunked as the pipeline does, as the texts the model sees. */
    private static List<List<String>> documents(Path corpus, int count) throws IOException {
        List<Path> files = IngestionThroughputBenchmark.corpusFiles(corpus);
        int step = Math.max(1, files.size() / count);
        DocumentParser parser = new DocumentParser(100L * 1024 * 1024);
        DocumentAnalyzer analyzer = new DocumentAnalyzer();
        Chunker chunker = new Chunker(200, 40);
        List<List<String>> documents = new ArrayList<>();
        for (int i = 0; i < files.size() && documents.size() < count; i += step) {
            Path file = files.get(i);
            AnalyzedDocument doc = analyzer.analyze(parser.parse(Files.readAllBytes(file), file.toString(),
                    file.getFileName().toString(), 0L));
            documents.add(chunker.chunk(doc).stream().map(c -> c.embeddingText(doc.title())).toList());
        }
        return documents;
    }

    private static List<String> format(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList();
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip().split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
