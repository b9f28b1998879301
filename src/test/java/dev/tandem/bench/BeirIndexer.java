package dev.tandem.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import dev.tandem.ingest.AnalyzedDocument;
import dev.tandem.ingest.Chunk;
import dev.tandem.ingest.Chunker;
import dev.tandem.ingest.DocumentAnalyzer;
import dev.tandem.ingest.DocumentEmbedder;
import dev.tandem.ingest.Embedder;
import dev.tandem.ingest.VectorDocument;
import dev.tandem.search.ChunkIndex;

/**
 * Indexes a BEIR corpus the way Tandem ingests a file: each document becomes an {@link AnalyzedDocument} (source
 * {@code beir:<_id>}), is cut by the production {@link Chunker}, embedded by {@link DocumentEmbedder} and written with
 * {@link ChunkIndex#bulkRequest}. Shared by the retrieval and the latency benchmarks.
 */
final class BeirIndexer {

    static final String INDEX_PREFIX = "bench-scifact";
    static final String SOURCE_PREFIX = "beir:";
    static final int CHUNK_WORDS = 200;
    static final int CHUNK_OVERLAP = 40;
    private static final int BULK_CHUNKS = 500;

    /** What one indexing run did. */
    record Stats(int documents, int chunks, long millis) {
    }

    private final ElasticsearchClient client;
    private final ChunkIndex index;
    private final Embedder embedder;
    private final Chunker chunker;

    BeirIndexer(ElasticsearchClient client, ChunkIndex index, Embedder embedder, Chunker chunker) {
        this.client = client;
        this.index = index;
        this.embedder = embedder;
        this.chunker = chunker;
    }

    BeirIndexer(ElasticsearchClient client, ChunkIndex index, Embedder embedder) {
        this(client, index, embedder, new Chunker(CHUNK_WORDS, CHUNK_OVERLAP));
    }

    /** The corpus id of a hit's {@code source}. */
    static String corpusId(String source) {
        return source.startsWith(SOURCE_PREFIX) ? source.substring(SOURCE_PREFIX.length()) : source;
    }

    /** Whether the index exists and holds the first chunk of as many documents as the corpus has. */
    boolean isComplete(int corpusSize) throws IOException {
        if (!client.indices().exists(e -> e.index(index.name())).value()) {
            return false;
        }
        client.indices().refresh(r -> r.index(index.name()));
        long firstChunks = client.count(c -> c.index(index.name()).query(q -> q.term(t -> t.field("chunk").value(0))))
                .count();
        return firstChunks == corpusSize;
    }

    /** Deletes the index, recreates it with the production mapping, indexes the corpus and refreshes. */
    Stats rebuild(Collection<BeirDataset.Doc> corpus) throws IOException {
        if (client.indices().exists(e -> e.index(index.name())).value()) {
            client.indices().delete(d -> d.index(index.name()));
        }
        index.ensureExists();
        long started = System.nanoTime();
        DocumentEmbedder documentEmbedder = new DocumentEmbedder(embedder);
        List<VectorDocument> pending = new ArrayList<>();
        int documents = 0;
        int chunks = 0;
        for (BeirDataset.Doc doc : corpus) {
            AnalyzedDocument analyzed = analyzed(doc);
            List<Chunk> docChunks = chunker.chunk(analyzed);
            if (docChunks.isEmpty()) {
                continue;
            }
            pending.addAll(documentEmbedder.embed(docChunks, analyzed));
            chunks += docChunks.size();
            if (++documents % 500 == 0) {
                System.err.printf("  indexed %d/%d documents (%d chunks, %.0f s)%n", documents, corpus.size(), chunks,
                        (System.nanoTime() - started) / 1e9);
            }
            if (pending.size() >= BULK_CHUNKS) {
                flush(pending);
            }
        }
        flush(pending);
        client.indices().refresh(r -> r.index(index.name()));
        return new Stats(documents, chunks, (System.nanoTime() - started) / 1_000_000);
    }

    private void flush(List<VectorDocument> pending) throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        BulkResponse response = client.bulk(index.bulkRequest(pending, null).build());
        index.verify(response.items());
        pending.clear();
    }

    private static AnalyzedDocument analyzed(BeirDataset.Doc doc) {
        String source = SOURCE_PREFIX + doc.id();
        byte[] content = (doc.title() + "\n" + doc.text()).getBytes(StandardCharsets.UTF_8);
        return new AnalyzedDocument(source, DocumentAnalyzer.sourceId(source), doc.title(), "en", "text/plain",
                sha256(content), content.length, Instant.EPOCH, doc.text());
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
