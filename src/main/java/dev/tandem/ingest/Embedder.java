package dev.tandem.ingest;

import java.util.List;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;

/** Turns passages and queries into vectors with one in-process model. */
public record Embedder(String name, EmbeddingModel model, String queryPrefix) {

    public int dimensions() {
        return model.dimension();
    }

    public float[] embedQuery(String query) {
        return model.embed(queryPrefix + query).content().vector();
    }

    public List<float[]> embedPassages(List<String> passages) {
        List<TextSegment> segments = passages.stream().map(TextSegment::from).toList();
        return model.embedAll(segments).content().stream().map(Embedding::vector).toList();
    }
}
