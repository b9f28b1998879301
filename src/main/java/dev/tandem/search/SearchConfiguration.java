package dev.tandem.search;

import java.io.IOException;
import java.net.URI;

import dev.tandem.config.BackgroundStartup;
import dev.tandem.config.ClosingService;
import dev.tandem.config.ProjectConfiguration;
import dev.tandem.config.Secrets;
import dev.tandem.ingest.Embedder;
import dev.tandem.ingest.EmbeddingModels;
import dev.tandem.ingest.IngestConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.es.ElasticsearchComponent;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the search side once from {@link ProjectConfiguration.Elasticsearch}: the Elasticsearch connection (or the
 * dev service), the chunk index, hybrid search and the document tools, bound for the routes. Nothing here waits for
 * Elasticsearch: the dev service starts, and the index is checked, in the background (see {@link BackgroundStartup}).
 */
public final class SearchConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SearchConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Registry registry = context.getRegistry();
        ProjectConfiguration config = registry.findSingleByType(ProjectConfiguration.class);
        BackgroundStartup startup = BackgroundStartup.of(context);
        URI url;
        Runnable awaitElasticsearch;
        if (config.elasticsearch().devService()) {
            ElasticsearchDevService devService = new ElasticsearchDevService(config.elasticsearch().home(),
                    config.dataDir(), config.elasticsearch().heap());
            url = devService.launch();
            context.addService(ClosingService.of(devService), true, true);
            awaitElasticsearch = devService::awaitReady;
        } else {
            url = config.elasticsearch().url().orElseThrow();
            LOG.info("Using Elasticsearch at {}", Secrets.mask(url));
            awaitElasticsearch = () -> { };
        }
        // the model loads while Elasticsearch starts and the routes are built
        Embedder embedder = IngestConfiguration.embedder(context);

        ElasticsearchConnection connection = new ElasticsearchConnection(url, config.elasticsearch().searchTimeout(),
                config.elasticsearch().healthTimeout());
        context.addService(ClosingService.of(connection), true, true);
        registry.bind("elasticsearchConnection", connection);
        connection.configure(context.getComponent("elasticsearch", ElasticsearchComponent.class));
        ChunkIndex chunkIndex = new ChunkIndex(connection.client(), config.elasticsearch().indexPrefix(),
                config.embeddingModel(), EmbeddingModels.dimensions(config.embeddingModel()));
        // no route starts before the index exists: a bulk request would create it with guessed mappings
        startup.run(() -> {
            awaitElasticsearch.run();
            try {
                chunkIndex.ensureExists();
            } catch (IOException | RuntimeException e) {
                if (config.elasticsearch().devService()) {
                    throw e;
                }
                // the client's own words ("Connection refused") name neither the server nor the setting
                throw new IllegalStateException("Tandem could not use Elasticsearch at " + Secrets.mask(url)
                        + " (TANDEM_ES_URL): " + e.getMessage() + ". Check that it runs and that the URL's user and"
                        + " password are right, or unset TANDEM_ES_URL and Tandem starts its own.", e);
            }
            return chunkIndex;
        });
        registry.bind("chunkIndex", chunkIndex);
        MeterRegistry metrics = registry.lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                MeterRegistry.class);
        HybridSearch hybridSearch = new HybridSearch(connection, chunkIndex.name(), embedder, metrics);
        registry.bind("hybridSearch", hybridSearch);
        registry.bind("documentTools", new DocumentTools(hybridSearch, connection.client(), chunkIndex.name()));
    }
}
