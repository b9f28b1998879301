package dev.tandem.aws.cloudcontrol;

import java.util.List;
import java.util.Map;

/** What one inventory run did, for {@code GET /api/aws/inventory/status}: counts by type, duration, errors. */
public record InventorySummary(String startedAt, long durationMillis, Map<String, Integer> indexedByType,
        int indexed, int markedDeleted, List<Failure> errors) {

    /** A type that could not be listed in a region; the other types went on. */
    public record Failure(String typeName, String region, String message) {
    }
}
