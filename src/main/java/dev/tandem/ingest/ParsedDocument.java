package dev.tandem.ingest;

import java.time.Instant;

/** A source's text as the parser found it, with what the parser knows about it. */
public record ParsedDocument(
        String source,
        String name,
        String contentType,
        String text,
        String metadataTitle,
        String contentHash,
        long size,
        Instant modified) {
}
