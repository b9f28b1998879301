package dev.tandem.ingest;

import org.apache.camel.Header;
import org.apache.camel.spi.IdempotentRepository;

/**
 * Remembers which S3 object versions (key and ETag) went through the pipeline, indexed or rejected, so that polls
 * skip them, also after a restart. A version that failed for a passing reason (Elasticsearch down) is not
 * remembered, so the next poll tries it again.
 */
public final class S3ObjectLedger {

    public static final String VERSION = "tandemS3Version";

    private final IdempotentRepository repository;

    public S3ObjectLedger(IdempotentRepository repository) {
        this.repository = repository;
    }

    public boolean isNew(@Header(VERSION) String version) {
        return !repository.contains(version);
    }

    public void markIngested(@Header(VERSION) String version) {
        repository.add(version);
    }
}
