package dev.tandem.ingest;

import java.time.Instant;

/** A parsed document with what analysis found: its title and language. */
public record AnalyzedDocument(
        String source,
        String sourceId,
        String title,
        String language,
        String contentType,
        String contentHash,
        long size,
        Instant modified,
        String text) {

    public boolean isMarkdown() {
        return contentType.contains("markdown");
    }
}
