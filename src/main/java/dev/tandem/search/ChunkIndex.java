package dev.tandem.search;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import dev.tandem.ingest.AnalyzedDocument;
import dev.tandem.ingest.DocumentRejectedException;
import dev.tandem.ingest.IngestProperties;
import dev.tandem.ingest.VectorDocument;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Elasticsearch index of chunks: its mapping, what version of a source it holds, and the bulk requests that
 * replace a source's chunks. One index per embedding model, since vectors of different models do not compare.
 */
public final class ChunkIndex {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkIndex.class);

    private final ElasticsearchClient client;
    private final String name;
    private final int dimensions;

    public ChunkIndex(ElasticsearchClient client, String prefix, String embeddingModel, int dimensions) {
        this.client = client;
        this.name = prefix + "-" + embeddingModel;
        this.dimensions = dimensions;
    }

    public String name() {
        return name;
    }

    /** The content hash and chunk count of the version of a source that is indexed, if any. */
    public record IndexedVersion(String contentHash, int chunks) {
    }

    public void ensureExists() throws IOException {
        if (client.indices().exists(e -> e.index(name)).value()) {
            return;
        }
        try {
            client.indices().create(c -> c.index(name).withJson(new StringReader(mapping())));
            LOG.info("Created Elasticsearch index {}", name);
        } catch (ElasticsearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
    }

    /** The indexed version of this document's source, or null when it has none. Real-time: no refresh needed. */
    public IndexedVersion indexedVersion(AnalyzedDocument doc) throws IOException {
        @SuppressWarnings("rawtypes")
        GetResponse<Map> response = client.get(g -> g.index(name).id(VectorDocument.id(doc.sourceId(), 0))
                .sourceIncludes("content_hash", "chunks"), Map.class);
        if (!response.found() || response.source() == null) {
            return null;
        }
        Object chunks = response.source().get("chunks");
        return new IndexedVersion((String) response.source().get("content_hash"),
                chunks instanceof Number n ? n.intValue() : 0);
    }

    /** Whether the index already holds exactly this content for the document's source. */
    public boolean isCurrent(AnalyzedDocument doc, @ExchangeProperty(IngestProperties.INDEXED_VERSION) IndexedVersion indexed) {
        return indexed != null && indexed.contentHash().equals(doc.contentHash());
    }

    /** Indexes the new chunks and deletes the chunks an older, longer version left behind, in one request. */
    public BulkRequest.Builder bulkRequest(List<VectorDocument> chunks,
            @ExchangeProperty(IngestProperties.INDEXED_VERSION) IndexedVersion previous) {
        BulkRequest.Builder bulk = new BulkRequest.Builder().index(name);
        Instant now = Instant.now();
        for (VectorDocument chunk : chunks) {
            bulk.operations(BulkOperation.of(o -> o.index(i -> i.id(chunk.id()).document(ChunkSource.of(chunk, now)))));
        }
        if (previous != null && !chunks.isEmpty()) {
            String sourceId = chunks.get(0).sourceId();
            for (int stale = chunks.size(); stale < previous.chunks(); stale++) {
                String id = VectorDocument.id(sourceId, stale);
                bulk.operations(BulkOperation.of(o -> o.delete(d -> d.id(id))));
            }
        }
        return bulk;
    }

    /**
     * Throws when Elasticsearch did not acknowledge every operation: {@link DocumentRejectedException} for a refusal
     * of the document itself, {@link IndexUnavailableException} for a refusal that a retry can cure.
     */
    public void verify(List<BulkResponseItem> items) {
        for (BulkResponseItem item : items) {
            if (item.error() == null || (item.operationType().jsonValue().equals("delete") && item.status() == 404)) {
                continue;
            }
            String reason = item.error().type() + ": " + item.error().reason();
            if (item.status() == 429 || item.status() >= 500) {
                throw new IndexUnavailableException("Elasticsearch could not take chunk " + item.id() + " now (" + reason + ")");
            }
            throw new DocumentRejectedException("Elasticsearch refused chunk " + item.id() + " (" + reason + ")");
        }
    }

    private String mapping() {
        return """
                {
                  "settings": {"number_of_shards": 1, "number_of_replicas": 0},
                  "mappings": {
                    "dynamic": "strict",
                    "properties": {
                      "source_id": {"type": "keyword"},
                      "source": {"type": "keyword"},
                      "title": {"type": "text"},
                      "title_stem": {"type": "text", "analyzer": "whitespace"},
                      "heading": {"type": "text"},
                      "text": {"type": "text"},
                      "text_stem": {"type": "text", "analyzer": "whitespace"},
                      "chunk": {"type": "integer"},
                      "chunks": {"type": "integer"},
                      "language": {"type": "keyword"},
                      "content_type": {"type": "keyword"},
                      "content_hash": {"type": "keyword"},
                      "size": {"type": "long"},
                      "modified": {"type": "date"},
                      "indexed_at": {"type": "date"},
                      "vector": {"type": "dense_vector", "dims": %d, "index": true, "similarity": "cosine"}
                    }
                  }
                }
                """.formatted(dimensions);
    }
}
