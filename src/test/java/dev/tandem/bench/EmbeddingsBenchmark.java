package dev.tandem.bench;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.ingest.Embedder;
import dev.tandem.ingest.EmbeddingModels;

/**
 * {@code POST /v1/embeddings} throughput against the same model called in process, in the same run: batches of
 * {@code --batch} texts (SciFact abstracts cut to {@code --words} words, like Tandem's passages), each batch one call.
 * In process: one caller after another calls {@link Embedder#embedBatch} (the model already spreads a batch over
 * every core). Over HTTP: {@code --clients} closed-loop clients, JSON floats and base64. Prints texts/s and the ratio.
 *
 * <p>Usage: {@code [corpus.jsonl] [--model all-minilm-l6-v2-q] [--batch 32] [--words 200] [--clients 1]
 * [--seconds 20] [--warmup-seconds 5] [--data-dir DIR] [--app-property KEY=VALUE]}
 */
public final class EmbeddingsBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DISTINCT_BATCHES = 64;

    private EmbeddingsBenchmark() {
    }

    public static void main(String[] args) {
        BenchRun.main("embeddings", args, EmbeddingsBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        BenchArgs arguments = BenchArgs.parse(args, "EmbeddingsBenchmark corpus.jsonl [--model all-minilm-l6-v2-q]"
                + " [--batch 32] [--words 200] [--clients 1] [--seconds 20] [--warmup-seconds 5]",
                Set.of("--model", "--batch", "--words", "--clients", "--seconds", "--warmup-seconds"), Set.of(), 1);
        String model = arguments.text("--model", EmbeddingModels.DEFAULT);
        int batchSize = arguments.integer("--batch", 32);
        int words = arguments.integer("--words", 200);
        int clients = arguments.integer("--clients", 1);
        double seconds = arguments.decimal("--seconds", 20);
        double warmupSeconds = arguments.decimal("--warmup-seconds", 5);
        List<List<String>> batches = batches(Path.of(arguments.positional().get(0)), batchSize, words);

        Embedder embedder = EmbeddingModels.create(model);
        try (LlmBenchSetup setup = LlmBenchSetup.start(arguments, Map.of());
                HttpLoad load = new HttpLoad(clients)) {
            HttpLoad.Target floats = target("http float", setup.port, model, batches, "float");
            HttpLoad.Target base64 = target("http base64", setup.port, model, batches, "base64");
            System.out.printf("warm-up: %.0f s each in process, float, base64%n", warmupSeconds);
            inProcess(embedder, batches, warmupSeconds);
            load.closedLoop(floats, clients, warmupSeconds, -1, false);
            load.closedLoop(base64, clients, warmupSeconds, -1, false);

            double direct = inProcess(embedder, batches, seconds);
            HttpLoad.Run f = load.closedLoop(floats, clients, seconds, -1, false);
            HttpLoad.Run b = load.closedLoop(base64, clients, seconds, -1, false);

            System.out.printf("%nEmbeddings: model %s, batches of %d texts of up to %d words, %.0f s per row;"
                    + " HTTP with %d client(s)%n", model, batchSize, words, seconds, clients);
            System.out.printf("%-22s %10s %10s %9s %8s%n", "target", "texts/s", "p50 ms", "p99 ms", "ok %");
            System.out.printf("%-22s %10.1f %10s %9s %8s%n", "in process", direct, "", "", "");
            for (HttpLoad.Run run : List.of(f, b)) {
                System.out.printf("%-22s %10.1f %10.1f %9.1f %8.2f%n", "/v1/embeddings " + run.name().substring(5),
                        run.achievedPerSecond() * batchSize, run.percentileMs(50), run.percentileMs(99),
                        run.successPct());
            }
            System.out.printf("ratio /v1/embeddings / in process: float %.3f, base64 %.3f%n",
                    f.achievedPerSecond() * batchSize / direct, b.achievedPerSecond() * batchSize / direct);
        }
    }

    /** Texts per second of batch calls one after another for {@code seconds}. */
    private static double inProcess(Embedder embedder, List<List<String>> batches, double seconds) {
        long begin = System.nanoTime();
        long end = begin + (long) (seconds * 1e9);
        long texts = 0;
        for (int i = 0; System.nanoTime() < end; i++) {
            List<String> batch = batches.get(i % batches.size());
            embedder.embedBatch(batch);
            texts += batch.size();
        }
        return texts / ((System.nanoTime() - begin) / 1e9);
    }

    private static HttpLoad.Target target(String name, int port, String model, List<List<String>> batches,
            String encoding) throws Exception {
        List<String> bodies = new ArrayList<>(batches.size());
        for (List<String> batch : batches) {
            bodies.add(JSON.writeValueAsString(Map.of("model", model, "input", batch, "encoding_format", encoding)));
        }
        return new HttpLoad.Target(name, port, "/v1/embeddings", i -> bodies.get(i % bodies.size()));
    }

    /** Distinct batches of abstracts, each cut to {@code words} words. */
    private static List<List<String>> batches(Path corpus, int batchSize, int words) throws Exception {
        List<String> texts = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(corpus, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null && texts.size() < DISTINCT_BATCHES * batchSize;
                    line = reader.readLine()) {
                String[] split = JSON.readTree(line).path("text").asText().strip().split("\\s+");
                if (split.length > 1) {
                    texts.add(String.join(" ", Arrays.copyOf(split, Math.min(words, split.length))));
                }
            }
        }
        List<List<String>> batches = new ArrayList<>();
        for (int from = 0; from + batchSize <= texts.size(); from += batchSize) {
            batches.add(texts.subList(from, from + batchSize));
        }
        if (batches.isEmpty()) {
            throw new IllegalArgumentException(corpus + " has fewer than " + batchSize + " texts");
        }
        return batches;
    }
}
