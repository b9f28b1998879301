package dev.tandem.ingest;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.tandem.config.BackgroundStartup;
import dev.tandem.http.InvalidRequestException;

/**
 * Turns passages and queries into vectors with one in-process model. The model may still be loading in the background
 * (see {@link BackgroundStartup}): a call waits for it.
 */
public record Embedder(String name, CompletableFuture<EmbeddingModel> model, String queryPrefix) {

    /** Vectors in the order of their texts, and how many tokens the model's tokenizer made of the texts. */
    public record Vectors(List<float[]> vectors, int tokens) {
    }

    public int dimensions() {
        return loaded().dimension();
    }

    private EmbeddingModel loaded() {
        return BackgroundStartup.await(model);
    }

    /** A query must hold something the model reads: spaces, control and invisible characters alone give no tokens. */
    public float[] embedQuery(String query) {
        if (!hasWords(query)) {
            throw new InvalidRequestException(NOTHING_TO_SEARCH);
        }
        return loaded().embed(queryPrefix + query).content().vector();
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
        return embedBatch(passages).vectors();
    }

    /** The texts as passages (no query prefix), in one call of the model's batch method. */
    public Vectors embedBatch(List<String> texts) {
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        Response<List<Embedding>> response = loaded().embedAll(segments);
        // the in-process models count the tokens their tokenizer made of every text
        return new Vectors(response.content().stream().map(Embedding::vector).toList(),
                response.tokenUsage().inputTokenCount());
    }
}
