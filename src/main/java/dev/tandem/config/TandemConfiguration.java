package dev.tandem.config;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;

import dev.tandem.http.ErrorResponses;
import dev.tandem.http.ResponseHeaders;
import dev.tandem.ingest.Chunker;
import dev.tandem.ingest.DocumentAnalyzer;
import dev.tandem.ingest.DocumentEmbedder;
import dev.tandem.ingest.DocumentParser;
import dev.tandem.ingest.Embedder;
import dev.tandem.ingest.EmbeddingModels;
import dev.tandem.ingest.FailureNotes;
import dev.tandem.ingest.IngestStatus;
import dev.tandem.ingest.IngestTools;
import dev.tandem.ingest.IngestWorkers;
import dev.tandem.ingest.S3ObjectLedger;
import dev.tandem.observe.ElasticsearchHealthCheck;
import dev.tandem.observe.HealthReport;
import dev.tandem.search.ChunkIndex;
import dev.tandem.search.DocumentTools;
import dev.tandem.search.ElasticsearchConnection;
import dev.tandem.search.ElasticsearchDevService;
import dev.tandem.search.HybridSearch;
import dev.tandem.workspace.WorkspaceTools;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.es.ElasticsearchComponent;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds Tandem's clients and beans once, from {@link ProjectConfiguration}, and binds them for the routes: the
 * Elasticsearch connection (or the dev service), the embedding model, the pipeline's steps and the metrics registry.
 */
public final class TandemConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(TandemConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        ProjectConfiguration config = context.getRegistry().findSingleByType(ProjectConfiguration.class);
        Registry registry = context.getRegistry();
        Files.createDirectories(config.dataDir());

        ElasticsearchDevService devService = null;
        URI url;
        if (config.elasticsearch().devService()) {
            devService = new ElasticsearchDevService(config.elasticsearch().home(), config.dataDir(),
                    config.elasticsearch().heap());
            url = devService.launch();
            context.addService(ClosingService.of(devService), true, true);
        } else {
            url = config.elasticsearch().url().orElseThrow();
            LOG.info("Using Elasticsearch at {}", Secrets.mask(url));
        }
        // the embedding model loads while Elasticsearch starts
        Embedder embedder = EmbeddingModels.create(config.embeddingModel());
        if (devService != null) {
            devService.awaitReady();
        }

        ElasticsearchConnection connection = new ElasticsearchConnection(url);
        context.addService(ClosingService.of(connection), true, true);
        registry.bind("elasticsearchConnection", connection);
        connection.configure(context.getComponent("elasticsearch", ElasticsearchComponent.class));
        context.getComponent("platform-http", PlatformHttpComponent.class).setHeaderFilterStrategy(new ResponseHeaders());
        ChunkIndex chunkIndex = new ChunkIndex(connection.client(), config.elasticsearch().indexPrefix(),
                config.embeddingModel(), embedder.dimensions());
        chunkIndex.ensureExists();

        // one registry for Tandem's meters and Camel's route metrics (camel.metrics.*), whichever of the two is set
        // up first, so that /observe/metrics shows both
        PrometheusMeterRegistry metrics = registry.lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                PrometheusMeterRegistry.class);
        if (metrics == null) {
            metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind(MicrometerConstants.METRICS_REGISTRY_NAME, metrics);
        }
        IngestStatus status = new IngestStatus(metrics);
        registry.bind("chunkIndex", chunkIndex);
        registry.bind("embedder", embedder);
        registry.bind("documentParser", new DocumentParser(config.ingest().maxFileBytes()));
        registry.bind("documentAnalyzer", new DocumentAnalyzer());
        registry.bind("chunker", new Chunker(config.ingest().chunkWords(), config.ingest().chunkOverlap()));
        registry.bind("documentEmbedder", new DocumentEmbedder(embedder));
        registry.bind("ingestStatus", status);
        registry.bind("ingestWorkers", IngestWorkers.create(context, config.ingest().workers()));
        registry.bind("failureNotes", new FailureNotes(status));
        HybridSearch hybridSearch = new HybridSearch(connection.client(), chunkIndex.name(), embedder, metrics);
        registry.bind("hybridSearch", hybridSearch);
        registry.bind("documentTools", new DocumentTools(hybridSearch, connection.client(), chunkIndex.name()));
        registry.bind("ingestTools", new IngestTools(context.createProducerTemplate(), config.mcp().ingestRoots()));
        registry.bind("workspaceTools", new WorkspaceTools(config.mcp().workspaceRoot(), config.mcp().backupPaths()));
        registry.bind("errorResponses", new ErrorResponses());
        registry.bind("healthReport", new HealthReport());
        // found by Camel's health-check registry when it starts
        registry.bind("elasticsearchHealthCheck", new ElasticsearchHealthCheck(connection));
        if (config.s3().enabled()) {
            bindS3(registry, config);
        }
    }

    /** The S3 client the aws2-s3 component picks up, and the record of objects already ingested. */
    private static void bindS3(Registry registry, ProjectConfiguration config) {
        ProjectConfiguration.S3 s3 = config.s3();
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .region(Region.of(s3.region()))
                .credentialsProvider(DefaultCredentialsProvider.builder().build());
        s3.endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
        registry.bind("s3Client", builder.build());
        File ingested = config.dataDir().resolve("s3-ingested-objects.txt").toFile();
        registry.bind("s3ObjectLedger", new S3ObjectLedger(
                FileIdempotentRepository.fileIdempotentRepository(ingested, 100_000, 64L * 1024 * 1024)));
    }

    /** Lets Camel close a resource when the context stops, after the routes that use it. */

}
