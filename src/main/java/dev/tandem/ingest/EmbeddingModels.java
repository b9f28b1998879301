package dev.tandem.ingest;

import java.util.List;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;

/** The in-process embedding models Tandem ships, by the name {@code TANDEM_EMBEDDING_MODEL} takes. */
public final class EmbeddingModels {

    public static final String ALL_MINILM_L6_V2_Q = "all-minilm-l6-v2-q";
    public static final String BGE_SMALL_EN_V15_Q = "bge-small-en-v1.5-q";
    public static final String DEFAULT = ALL_MINILM_L6_V2_Q;
    public static final List<String> NAMES = List.of(ALL_MINILM_L6_V2_Q, BGE_SMALL_EN_V15_Q);

    private EmbeddingModels() {
    }

    public static Embedder create(String name) {
        return switch (name) {
            case ALL_MINILM_L6_V2_Q -> new Embedder(name, new AllMiniLmL6V2QuantizedEmbeddingModel(), "");
            // BGE retrieves better when a query carries the instruction it was trained with
            case BGE_SMALL_EN_V15_Q -> new Embedder(name, new BgeSmallEnV15QuantizedEmbeddingModel(),
                    "Represent this sentence for searching relevant passages: ");
            default -> throw new IllegalArgumentException("Unknown embedding model '" + name + "': expected one of "
                    + String.join(", ", NAMES));
        };
    }

}
