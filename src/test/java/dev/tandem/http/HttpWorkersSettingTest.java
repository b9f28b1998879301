package dev.tandem.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadPoolExecutor;

import dev.tandem.RunningTandem;
import dev.tandem.TestElasticsearch;
import dev.tandem.config.DotEnv;
import io.vertx.core.impl.VertxInternal;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TANDEM_HTTP_WORKERS as a deployment writes it, spaces and all, sizes the HTTP server's worker pool. */
class HttpWorkersSettingTest {

    @TempDir
    Path work;

    @Test
    void should_start_with_a_worker_count_written_with_spaces_and_give_the_http_server_that_many_workers()
            throws Exception {
        DotEnv dotEnv = DotEnv.parse(List.of("TANDEM_HTTP_WORKERS=\" 4 \""));
        try (RunningTandem tandem = RunningTandem.startWithDotEnv(dotEnv, Map.of(
                "tandem.es.url", TestElasticsearch.url().toString(),
                "tandem.es.index", "test-workers-" + UUID.randomUUID().toString().substring(0, 8),
                "tandem.inbox", work.resolve("inbox").toString(),
                "tandem.data.dir", work.resolve("data").toString()))) {
            int port = URI.create(tandem.baseUrl()).getPort();
            VertxInternal vertx = (VertxInternal) VertxPlatformHttpRouter.lookup(tandem.context(),
                    VertxPlatformHttpRouter.getRouterNameFromPort(port)).vertx();
            ThreadPoolExecutor workers = (ThreadPoolExecutor) vertx.getWorkerPool().executor();

            assertThat(workers.getMaximumPoolSize()).isEqualTo(4);
            assertThat(tandem.get("/observe/health").statusCode()).isEqualTo(200);
        }
    }
}
