package dev.tandem.ingest;

import java.util.concurrent.CompletableFuture;

import dev.tandem.config.BackgroundStartup;
import dev.tandem.config.ProjectConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the ingestion pipeline's steps once from {@link ProjectConfiguration.Ingest}: the embedding model, parser,
 * analyser, chunker and embedder of {@code ingest-document.camel.yaml}, the status and failure notes, the
 * {@code ingest_*} tools, and the S3 client and ledger when a bucket is configured.
 */
public final class IngestConfiguration implements CamelConfiguration {

    static final String EMBEDDER = "embedder";

    @Override
    public void configure(CamelContext context) throws Exception {
        Registry registry = context.getRegistry();
        ProjectConfiguration config = registry.findSingleByType(ProjectConfiguration.class);
        MeterRegistry metrics = registry.lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                MeterRegistry.class);
        WatchedFolders watched = new WatchedFolders(routeId -> context.getRouteController()
                .getRouteStatus(routeId) == ServiceStatus.Started);
        registry.bind("watchedFolders", watched);
        IngestStatus status = new IngestStatus(metrics, watched);
        // Tika's registry of parsers takes a while to load: in the background, like the model (the language profiles
        // load with the first document: LanguageDetection)
        BackgroundStartup startup = BackgroundStartup.of(context);
        long maxFileBytes = config.ingest().maxFileBytes();
        CompletableFuture<DocumentParser> parser = startup.run(() -> new DocumentParser(maxFileBytes));
        registry.bind("documentParser", DocumentParser.class, () -> BackgroundStartup.await(parser));
        registry.bind("documentAnalyzer", new DocumentAnalyzer());
        registry.bind("chunker", new Chunker(config.ingest().chunkWords(), config.ingest().chunkOverlap()));
        registry.bind("documentEmbedder", new DocumentEmbedder(embedder(context)));
        registry.bind("ingestStatus", status);
        registry.bind("watchedFolderFilter", new WatchedFolderFilter());
        // every version of every file left in place (TANDEM_INGEST_KEEP), about 200 bytes each, for the process's life
        registry.bind("inboxFilesRead", MemoryIdempotentRepository.memoryIdempotentRepository(Integer.MAX_VALUE));
        registry.bind("ingestWorkers", IngestWorkers.create(context, config.ingest().workers()));
        registry.bind("failureNotes", new FailureNotes(status));
        registry.bind("internalErrors", new InternalErrors(status));
        registry.bind("inboxUpload", new InboxUpload(config.ingest().inboxes().get(0), maxFileBytes));
        registry.bind("ingestTools", new IngestTools(context.createProducerTemplate(), config.mcp().ingestRoots()));
        if (config.s3().enabled()) {
            bindS3(registry, config);
        }
    }

    /**
     * The embedding model, loading in the background from the moment the first configuration asks for it: search
     * needs it too (for the query embeddings).
     */
    public static Embedder embedder(CamelContext context) {
        Registry registry = context.getRegistry();
        Embedder embedder = registry.lookupByNameAndType(EMBEDDER, Embedder.class);
        if (embedder == null) {
            embedder = EmbeddingModels.loadInBackground(registry.findSingleByType(ProjectConfiguration.class)
                    .embeddingModel(), BackgroundStartup.of(context));
            registry.bind(EMBEDDER, embedder);
        }
        return embedder;
    }

    /** The S3 client the aws2-s3 component picks up, the ledger of ingested versions and the listing of new ones. */
    private static void bindS3(Registry registry, ProjectConfiguration config) {
        ProjectConfiguration.S3 s3 = config.s3();
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .region(Region.of(config.aws().region()))
                .credentialsProvider(DefaultCredentialsProvider.builder().build());
        s3.endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
        S3Client client = builder.build();
        registry.bind("s3Client", client);
        S3ObjectLedger ledger = new S3ObjectLedger(config.dataDir().resolve("s3-ingested-objects.txt"));
        registry.bind("s3ObjectLedger", ledger);
        registry.bind("s3Listing", new S3Listing(client, ledger));
    }
}
