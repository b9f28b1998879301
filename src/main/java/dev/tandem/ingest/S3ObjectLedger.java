package dev.tandem.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Header;

/**
 * Remembers which S3 object versions (key and ETag) went through the pipeline, indexed or rejected, so that polls
 * skip them, also after a restart. A version that failed for a passing reason (Elasticsearch down) is not
 * remembered, so the next poll tries it again.
 * <p>
 * Every version is held in memory (about 150 bytes each) and appended to a file, a line each, read back at start.
 * Camel's file idempotent repository, used before, read its whole file again for every version it was asked about
 * or given that its cache did not hold: a bucket of 20,000 objects cost 60 s of reading (3 ms an object, growing
 * with the file) against 62 ms here, and past its cache every poll read the file once per object of the bucket.
 */
public final class S3ObjectLedger {

    public static final String VERSION = "tandemS3Version";

    private final Path file;
    private final Set<String> versions = ConcurrentHashMap.newKeySet();

    public S3ObjectLedger(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.getParent());
            if (Files.exists(file)) {
                versions.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the S3 ledger " + file + ": " + e.getMessage(), e);
        }
    }

    public boolean isNew(@Header(VERSION) String version) {
        return !versions.contains(version);
    }

    public synchronized void markIngested(@Header(VERSION) String version) throws IOException {
        if (versions.add(version)) {
            Files.writeString(file, version + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }
}
