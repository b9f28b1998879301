package dev.tandem.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.tandem.search.ElasticsearchConnection;
import dev.tandem.search.ElasticsearchDevService;

/**
 * The Elasticsearch dev service a benchmark runs against, with its data under the benchmark's data folder so that an
 * index built by one run is there for the next. A shutdown hook stops the node when the benchmark is interrupted.
 */
final class BenchCluster implements AutoCloseable {

    static final Path DEFAULT_DATA_DIR = Path.of("target", "bench-data");

    private final ElasticsearchDevService service;
    private final ElasticsearchConnection connection;
    private final URI url;
    private final Thread shutdownHook;

    private BenchCluster(ElasticsearchDevService service, URI url, Thread shutdownHook) {
        this.service = service;
        this.url = url;
        this.connection = new ElasticsearchConnection(url);
        this.shutdownHook = shutdownHook;
    }

    static BenchCluster start(Path dataDir) {
        ElasticsearchDevService service = new ElasticsearchDevService(Optional.empty(), dataDir, "512m");
        Thread shutdownHook = new Thread(service::close, "bench-es-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        long started = System.nanoTime();
        URI url = service.start();
        System.out.printf("Elasticsearch dev service on %s, ready in %.1f s%n", url, (System.nanoTime() - started) / 1e9);
        return new BenchCluster(service, url, shutdownHook);
    }

    URI url() {
        return url;
    }

    ElasticsearchClient client() {
        return connection.client();
    }

    ElasticsearchConnection connection() {
        return connection;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (Exception e) {
            System.err.println("Closing the Elasticsearch client failed: " + e);
        }
        service.close();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running or has run
        }
    }
}
