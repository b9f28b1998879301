package dev.tandem.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.tandem.config.BackgroundStartup;
import dev.tandem.config.ProjectConfiguration;

/**
 * The in-process embedding models Tandem ships, by the name {@code TANDEM_EMBEDDING_MODEL} takes.
 *
 * <p>The models are the ONNX files of langchain4j's model jars, run with our own onnxruntime settings rather than
 * through the jars' model classes, whose session splits every passage over all cores with threads that busy-wait
 * between runs, under langchain4j's pool that already embeds a document's passages in parallel. Measured on 2 cores
 * (bench/ingestion): one thread per passage, the passages spread over the cores by that pool, costs a quarter less
 * CPU per passage and leaves the CPU that parsing and Elasticsearch need. Each model is loaded once per JVM.
 */
public final class EmbeddingModels {

    public static final String ALL_MINILM_L6_V2_Q = "all-minilm-l6-v2-q";
    public static final String BGE_SMALL_EN_V15_Q = "bge-small-en-v1.5-q";
    /** The model of the benchmarks unless told otherwise: the default application.properties gives the setting. */
    public static final String DEFAULT = ALL_MINILM_L6_V2_Q;
    /** The names the setting accepts; each has its case in {@link #model} and {@link #queryPrefix}. */
    public static final List<String> NAMES = ProjectConfiguration.EMBEDDING_MODELS;
    /** Both models are MiniLM-sized BERTs. */
    private static final int DIMENSIONS = 384;

    private static final Map<String, EmbeddingModel> LOADED = new ConcurrentHashMap<>();

    private EmbeddingModels() {
    }

    /** The model, loaded now. */
    public static Embedder create(String name) {
        return new Embedder(name, CompletableFuture.completedFuture(model(name)), queryPrefix(name));
    }

    /** The model, loading in the background from now on while the rest of Tandem starts. */
    public static Embedder loadInBackground(String name, BackgroundStartup startup) {
        String prefix = queryPrefix(name);
        return new Embedder(name, startup.run(() -> model(name)), prefix);
    }

    private static EmbeddingModel model(String name) {
        return switch (name) {
            case ALL_MINILM_L6_V2_Q -> loaded(name, PoolingMode.MEAN);
            case BGE_SMALL_EN_V15_Q -> loaded(name, PoolingMode.CLS);
            default -> throw unknown(name);
        };
    }

    private static String queryPrefix(String name) {
        return switch (name) {
            case ALL_MINILM_L6_V2_Q -> "";
            // BGE retrieves better when a query carries the instruction it was trained with
            case BGE_SMALL_EN_V15_Q -> "Represent this sentence for searching relevant passages: ";
            default -> throw unknown(name);
        };
    }

    /** The length of the model's vectors, known without loading it. */
    public static int dimensions(String name) {
        if (!NAMES.contains(name)) {
            throw unknown(name);
        }
        return DIMENSIONS;
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("Unknown embedding model '" + name + "': expected one of "
                + String.join(", ", NAMES));
    }

    private static EmbeddingModel loaded(String name, PoolingMode pooling) {
        return LOADED.computeIfAbsent(name, n -> load(n, pooling, DIMENSIONS));
    }

    /** Reads {@code <name>.onnx} and {@code <name>-tokenizer.json} from the model jar on the class path. */
    private static EmbeddingModel load(String name, PoolingMode pooling, int dimensions) {
        try (InputStream model = resource(name + ".onnx"); InputStream tokenizer = resource(name + "-tokenizer.json")) {
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession session = environment.createSession(model.readAllBytes(), sessionOptions());
            return new InProcessModel(new OnnxBertBiEncoder(environment, session, tokenizer, pooling), dimensions);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the embedding model " + name, e);
        } catch (OrtException e) {
            throw new IllegalStateException("Cannot load the embedding model " + name + ": " + e.getMessage(), e);
        }
    }

    private static OrtSession.SessionOptions sessionOptions() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        // one thread per run, so no idle intra-op threads busy-waiting: parallelism comes from passages run at once
        options.setIntraOpNumThreads(1);
        return options;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = EmbeddingModels.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException(name + " is not on the class path");
        }
        return in;
    }

    /** A model whose embedAll spreads the passages over langchain4j's pool of one thread per core. */
    private static final class InProcessModel extends AbstractInProcessEmbeddingModel {

        private final OnnxBertBiEncoder encoder;
        private final int dimensions;

        InProcessModel(OnnxBertBiEncoder encoder, int dimensions) {
            super(null);
            this.encoder = encoder;
            this.dimensions = dimensions;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return dimensions;
        }
    }
}
