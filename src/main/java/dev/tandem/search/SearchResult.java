package dev.tandem.search;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What {@code /api/search} answers. */
public record SearchResult(String query, String mode, @JsonProperty("took_ms") long tookMs, List<Hit> hits) {

    /** One chunk found: {@code source} is the file's path or the object's S3 URI. */
    public record Hit(String id, String source, String title, String text, double score, String highlight) {
    }
}
