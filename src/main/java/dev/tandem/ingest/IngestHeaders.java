package dev.tandem.ingest;

/** The headers every source route sets before {@code direct:ingest-document}, whatever the source. */
public final class IngestHeaders {

    /** The file's absolute path or the object's {@code s3://bucket/key} URI: what search shows as the hit's source. */
    public static final String SOURCE = "tandemSource";
    /** The file or object name, used to detect its type. */
    public static final String NAME = "tandemName";
    /** Last modification time, epoch milliseconds. */
    public static final String MODIFIED = "tandemModified";
    /**
     * The document's size in bytes as its source reports it (the file system, the S3 listing), when it knows it: a
     * document over the size limit is refused by it, before anything reads the content.
     */
    public static final String SIZE = "tandemSize";
    /** Where the failure note goes when the document is rejected: a folder. */
    public static final String FAILED_DIR = "tandemFailedDir";
    /** True when a rejected document must be copied into the failed folder (the consumer does not move it). */
    public static final String KEEP_FAILED_COPY = "tandemKeepFailedCopy";

    private IngestHeaders() {
    }
}
