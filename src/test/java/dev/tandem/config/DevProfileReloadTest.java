package dev.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.tandem.RunningTandem;
import dev.tandem.TestElasticsearch;
import dev.tandem.ingest.Fixtures;
import org.apache.camel.Route;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In the dev profile (as shipped in application-dev.properties) an edited route file is reloaded while Tandem runs;
 * in the default profile nothing watches the route files.
 */
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

    @Test
    void should_watch_the_project_route_files_in_the_dev_profile_as_shipped() throws Exception {
        try (RunningTandem tandem = RunningTandem.startWithProfile("dev", settings("test-reload-shipped"))) {
            RouteWatcherReloadStrategy watcher = tandem.context().hasService(RouteWatcherReloadStrategy.class);

            assertThat(watcher).as("route reload in the dev profile").isNotNull();
            assertThat(watcher.getFolder()).isEqualTo("src/main/resources/routes");
            assertThat(watcher.getPattern()).isEqualTo("*.camel.yaml");
            assertThat(watcher.isRemoveAllRoutes()).isFalse();
            // run from the project folder, that folder holds the very files Tandem's routes came from
            for (Route route : tandem.context().getRoutes()) {
                String location = route.getSourceResource() == null ? null : route.getSourceResource().getLocation();
                if (location != null && location.startsWith("classpath:routes/")) {
                    assertThat(Path.of(watcher.getFolder(), location.substring("classpath:routes/".length())))
                            .as(route.getRouteId()).isRegularFile();
                }
            }
        }
    }

    @Test
    void should_not_watch_route_files_in_the_default_profile() throws Exception {
        try (RunningTandem tandem = RunningTandem.startWithProfile(null, settings("test-reload-default"))) {
            assertThat(tandem.context().hasService(RouteWatcherReloadStrategy.class)).isNull();
        }
    }

    @Test
    void should_keep_ingesting_and_searching_after_the_pipeline_route_file_is_reloaded() throws Exception {
        Path routes = Files.createDirectories(work.resolve("routes"));
        // the shipped pipeline under another file name, so that the shipped file itself can be left out
        Path pipeline = routes.resolve("pipeline-copy.camel.yaml");
        try (InputStream shipped = getClass().getResourceAsStream("/routes/ingest-document.camel.yaml")) {
            Files.copy(shipped, pipeline);
        }
        Map<String, String> settings = new HashMap<>(settings("test-reload-pipeline-" + System.nanoTime()));
        settings.put("camel.main.routesReloadDirectory", routes.toString());
        settings.put("camel.main.routesIncludePattern", "classpath:routes/*.camel.yaml," + "file:" + pipeline);
        settings.put("camel.main.routesExcludePattern", "**/ingest-document.camel.yaml");
        Path inbox = work.resolve("inbox");
        try (RunningTandem tandem = RunningTandem.startWithProfile("dev", settings)) {
            RouteWatcherReloadStrategy watcher = tandem.context().hasService(RouteWatcherReloadStrategy.class);
            Files.writeString(pipeline, Files.readString(pipeline) + "# edited while Tandem runs\n");
            await().atMost(Duration.ofSeconds(30)).until(() -> watcher.getReloadCounter() >= 1);

            Fixtures.text(inbox.resolve("after-reload.md"), "# After reload\n\nThe reloadedword still gets indexed.\n");

            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(inbox.resolve(".done/after-reload.md"))
                    || Files.exists(inbox.resolve(".failed/after-reload.md")));
            assertThat(inbox.resolve(".done/after-reload.md")).exists();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    tandem.getJson("/api/search?mode=bm25&q=reloadedword").get("hits").size() == 1);
        }
    }

    private Map<String, String> settings(String index) {
        return Map.of(
                "tandem.es.url", TestElasticsearch.url().toString(),
                "tandem.es.index", index,
                "tandem.inbox", work.resolve("inbox").toString(),
                "tandem.data.dir", work.resolve("data").toString());
    }
}
