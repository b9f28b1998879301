package dev.tandem.search;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.tandem.ingest.VectorDocument;

/**
 * A chunk as Elasticsearch stores it (its {@code _source}), written as JSON straight with Jackson's generator. The
 * bulk request sends these bytes as they are: no map per chunk, and no mapper to look serializers up in (the Camel
 * producer makes a new one for every request), which cost more than the rest of the bulk step.
 */
final class ChunkSource {

    /** Schubfach writes the shortest decimal that reads back as the same float, several times faster than the JDK. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();
    /** The 384 numbers of a vector take about 11 bytes each; the text and metadata add a few kilobytes. */
    private static final int EXPECTED_BYTES = 8192;

    private ChunkSource() {
    }

    static BinaryData of(VectorDocument chunk, Instant indexedAt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(EXPECTED_BYTES);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("source_id", chunk.sourceId());
            json.writeStringField("source", chunk.source());
            json.writeStringField("title", chunk.title());
            json.writeStringField("title_stem", StemmedText.of(chunk.title()));
            json.writeStringField("heading", chunk.heading());
            json.writeStringField("text", chunk.text());
            json.writeStringField("text_stem", StemmedText.of(chunk.heading() == null ? chunk.text()
                    : chunk.heading() + "\n" + chunk.text()));
            json.writeNumberField("chunk", chunk.chunk());
            json.writeNumberField("chunks", chunk.chunks());
            json.writeStringField("language", chunk.language());
            json.writeStringField("content_type", chunk.contentType());
            json.writeStringField("content_hash", chunk.contentHash());
            json.writeNumberField("size", chunk.size());
            json.writeStringField("modified", chunk.modified().toString());
            json.writeStringField("indexed_at", indexedAt.toString());
            json.writeFieldName("vector");
            json.writeStartArray();
            for (float value : chunk.vector()) {
                json.writeNumber(value);
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Writing JSON to memory cannot fail", e);
        }
        return BinaryData.of(out.toByteArray(), ContentType.APPLICATION_JSON);
    }
}
