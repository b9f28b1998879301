package dev.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.tandem.RunningTandem;
import dev.tandem.TestElasticsearch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** In the dev profile an edited route file is reloaded while Tandem runs. */
class DevProfileReloadTest {

    @TempDir
    Path work;

    private static String route(String answer) {
        return """
                - route:
                    id: hello
                    from:
                      uri: platform-http:/api/hello
                      steps:
                        - setBody:
                            expression:
                              constant:
                                expression: %s
                """.formatted(answer);
    }

    @Test
    void should_reload_an_edited_route_file_without_a_restart() throws Exception {
        Path routes = Files.createDirectories(work.resolve("routes"));
        Path file = Files.writeString(routes.resolve("hello.camel.yaml"), route("first"));
        try (RunningTandem tandem = RunningTandem.startWithProfile("dev", Map.of(
                "tandem.es.url", TestElasticsearch.url().toString(),
                "tandem.es.index", "test-reload",
                "tandem.inbox", work.resolve("inbox").toString(),
                "tandem.data.dir", work.resolve("data").toString(),
                // the dev profile watches src/main/resources/routes; here, a copy of the layout in a temp folder
                "camel.main.routesReloadDirectory", routes.toString(),
                "camel.main.routesIncludePattern", "classpath:routes/*.camel.yaml,file:" + routes + "/*.camel.yaml"))) {
            assertThat(tandem.get("/api/hello").body()).isEqualTo("first");
            assertThat(tandem.get("/observe/health").statusCode()).isEqualTo(200);

            Files.writeString(file, route("second"));

            await().atMost(Duration.ofSeconds(30)).until(() -> "second".equals(tandem.get("/api/hello").body()));
            assertThat(tandem.get("/observe/health").statusCode()).isEqualTo(200);
        }
    }
}
