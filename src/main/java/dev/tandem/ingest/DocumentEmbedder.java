package dev.tandem.ingest;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.ExchangeProperty;

/** Embeds a document's passages and pairs each with its vector and the document's metadata. */
public final class DocumentEmbedder {

    private final Embedder embedder;

    public DocumentEmbedder(Embedder embedder) {
        this.embedder = embedder;
    }

    public List<VectorDocument> embed(List<Chunk> chunks, @ExchangeProperty(IngestProperties.DOCUMENT) AnalyzedDocument doc) {
        List<float[]> vectors = embedder.embedPassages(chunks.stream().map(c -> c.embeddingText(doc.title())).toList());
        List<VectorDocument> result = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            Chunk chunk = chunks.get(i);
            result.add(new VectorDocument(VectorDocument.id(doc.sourceId(), i), doc.sourceId(), doc.source(),
                    doc.title(), chunk.heading(), i, chunks.size(), chunk.text(), doc.language(), doc.contentType(),
                    doc.contentHash(), doc.size(), doc.modified(), vectors.get(i)));
        }
        return result;
    }

}
