package dev.tandem;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

import dev.tandem.search.ElasticsearchDevService;

/** The real Elasticsearch the tests use: the dev service, started once per test JVM, stopped when it exits. */
public final class TestElasticsearch {

    private static ElasticsearchDevService service;
    private static URI url;

    private TestElasticsearch() {
    }

    public static synchronized URI url() {
        if (url == null) {
            Path dataDir = Path.of("target", "test-elasticsearch").toAbsolutePath();
            deleteRecursively(dataDir);
            service = new ElasticsearchDevService(Optional.empty(), dataDir, "512m");
            url = service.start();
            Runtime.getRuntime().addShutdownHook(new Thread(service::close, "stop-test-elasticsearch"));
        }
        return url;
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot clean " + dir, e);
        }
    }
}
