package dev.tandem.ingest;

/**
 * The exchange properties the document pipeline carries between its steps ({@code ingest-document.camel.yaml},
 * {@code ingest-files.camel.yaml} and the {@code ingest-errors} configuration set them under these names).
 */
public final class IngestProperties {

    /** Where the source goes once the pipeline is done with it: {@code .done} or {@code .failed}. */
    public static final String OUTCOME = "tandemOutcome";
    /** The {@link AnalyzedDocument} the chunks come from. */
    public static final String DOCUMENT = "document";
    /** What the index holds of this source already, to skip unchanged documents. */
    public static final String INDEXED_VERSION = "indexedVersion";
    /** The embedded chunks sent to the index. */
    public static final String VECTOR_DOCUMENTS = "vectorDocuments";
    /** True when an internal error was the document's last allowed attempt: it goes to {@code .failed}. */
    public static final String GIVE_UP = "tandemGiveUp";

    public static final String DONE = ".done";
    public static final String FAILED = ".failed";

    private IngestProperties() {
    }
}
