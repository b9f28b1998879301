package dev.tandem.ingest;

import java.time.Instant;

/**
 * One indexed chunk of a source: its text, its vector and the metadata search returns with it. The id is derived from
 * the source and the chunk number, so re-ingesting a source overwrites its own chunks and nothing else.
 */
public record VectorDocument(
        String id,
        String sourceId,
        String source,
        String title,
        String heading,
        int chunk,
        int chunks,
        String text,
        String language,
        String contentType,
        String contentHash,
        long size,
        Instant modified,
        float[] vector) {

    public static String id(String sourceId, int chunk) {
        return sourceId + "-" + chunk;
    }
}
