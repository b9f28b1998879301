package dev.tandem.ingest;

import java.util.List;

import org.apache.camel.Header;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The object versions under a prefix that the ledger has not seen, from one listing of every page: only these are
 * then fetched. (Camel's S3 consumer lists 10 keys a poll and fetches each before a route can ask the ledger, so a
 * large bucket took a poll per 10 objects and every ingested object was fetched again on every round.)
 */
public final class S3Listing {

    public static final String BUCKET = "tandemS3Bucket";
    public static final String PREFIX = "tandemS3Prefix";

    private final S3Client s3;
    private final S3ObjectLedger ledger;

    public S3Listing(S3Client s3, S3ObjectLedger ledger) {
        this.s3 = s3;
        this.ledger = ledger;
    }

    /** A version of an object: its key, its ETag, when it was last modified and its size in bytes. */
    public record Version(String key, String eTag, long modifiedMillis, long size) {

        /** The ledger's name for it. */
        public String id() {
            return key + "@" + eTag;
        }
    }

    public List<Version> newVersions(@Header(BUCKET) String bucket, @Header(PREFIX) String prefix) {
        return s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix.isEmpty() ? null : prefix)).contents()
                .stream()
                .map(S3Listing::version)
                .filter(version -> ledger.isNew(version.id()))
                .toList();
    }

    private static Version version(S3Object object) {
        return new Version(object.key(), object.eTag(), object.lastModified().toEpochMilli(), object.size());
    }
}
