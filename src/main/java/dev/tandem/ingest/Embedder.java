package dev.tandem.ingest;

import java.util.List;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;

/** Turns passages and queries into vectors with one in-process model. */
public record Embedder(String name, EmbeddingModel model, String queryPrefix) {

    /** Vectors in the order of their texts, and how many tokens the model's tokenizer made of the texts. */
    public record Vectors(List<float[]> vectors, int tokens) {
    }

    public int dimensions() {
        return model.dimension();
    }

    public float[] embedQuery(String query) {
        return model.embed(queryPrefix + query).content().vector();
    }

    public List<float[]> embedPassages(List<String> passages) {
        return embedBatch(passages).vectors();
    }

    /** The texts as passages (no query prefix), in one call of the model's batch method. */
    public Vectors embedBatch(List<String> texts) {
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        Response<List<Embedding>> response = model.embedAll(segments);
        // the in-process models count the tokens their tokenizer made of every text
        return new Vectors(response.content().stream().map(Embedding::vector).toList(),
                response.tokenUsage().inputTokenCount());
    }
}
