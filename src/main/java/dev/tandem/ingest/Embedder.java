package dev.tandem.ingest;

import java.util.List;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.tandem.http.InvalidRequestException;

/** Turns passages and queries into vectors with one in-process model. */
public record Embedder(String name, EmbeddingModel model, String queryPrefix) {

    public int dimensions() {
        return model.dimension();
    }

    /** A query must hold something the model reads: spaces, control and invisible characters alone give no tokens. */
    public float[] embedQuery(String query) {
        if (!hasWords(query)) {
            throw new InvalidRequestException(NOTHING_TO_SEARCH);
        }
        return model.embed(queryPrefix + query).content().vector();
    }

    public static final String NOTHING_TO_SEARCH = "The query has nothing to search for: it holds only spaces, control"
            + " or invisible characters.";

    /**
     * Whether the text holds a character the tokenizer keeps: not white space, not a control or format character
     * (NUL, zero-width space), not U+FFFD, the mark of bytes that were not text.
     */
    public static boolean hasWords(String text) {
        return text != null && text.codePoints().anyMatch(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c)
                && Character.getType(c) != Character.CONTROL && Character.getType(c) != Character.FORMAT
                && c != 0xFFFD);
    }

    public List<float[]> embedPassages(List<String> passages) {
        List<TextSegment> segments = passages.stream().map(TextSegment::from).toList();
        return model.embedAll(segments).content().stream().map(Embedding::vector).toList();
    }
}
