package dev.tandem.ingest;

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

/** Elasticsearch going away while files arrive: ingestion waits and retries, and nothing is lost. */
class ElasticsearchOutageTest {

    @TempDir
    Path work;

    @Test
    void should_keep_files_in_the_inbox_while_elasticsearch_is_down_and_index_them_when_it_is_back() throws Exception {
        Path inbox = work.resolve("inbox");
        try (SwitchableProxy proxy = new SwitchableProxy(TestElasticsearch.url());
                RunningTandem tandem = RunningTandem.start(inbox, work.resolve("data"),
                        Map.of("tandem.es.url", proxy.url().toString()))) {
            proxy.down();
            await().atMost(Duration.ofSeconds(30)).until(() -> tandem.get("/observe/health").statusCode() == 503);

            Fixtures.text(inbox.resolve("during-outage.md"), "# Outage\n\nThe okapioutage document arrived while "
                    + "Elasticsearch was down.\n");
            // the pipeline has tried to reach Elasticsearch several times and is retrying with back-off
            await().atMost(Duration.ofSeconds(60)).until(() -> proxy.refused() >= 3);
            assertThat(inbox.resolve("during-outage.md")).exists();
            assertThat(inbox.resolve(".done")).doesNotExist();
            assertThat(inbox.resolve(".failed")).doesNotExist();
            assertThat(tandem.ingestStatus().get("failed").asInt()).isZero();

            proxy.up();
            await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(inbox.resolve(".done/during-outage.md")));
            assertThat(inbox.resolve("during-outage.md")).doesNotExist();
            assertThat(tandem.get("/observe/health").statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    tandem.getJson("/api/search?mode=bm25&q=okapioutage").get("hits").size() == 1);
        }
    }

    @Test
    void should_stop_promptly_while_a_file_waits_for_elasticsearch_and_leave_it_in_the_inbox() throws Exception {
        Path inbox = work.resolve("inbox");
        try (SwitchableProxy proxy = new SwitchableProxy(TestElasticsearch.url())) {
            RunningTandem tandem = RunningTandem.start(inbox, work.resolve("data"),
                    Map.of("tandem.es.url", proxy.url().toString()));
            proxy.down();
            Fixtures.text(inbox.resolve("waiting.md"), "# Waiting\n\nThis document waits for Elasticsearch.\n");
            // its bulk request failed and the pipeline waits to try again
            await().atMost(Duration.ofSeconds(60)).until(() -> proxy.refused() >= 2);

            long start = System.nanoTime();
            tandem.close();
            Duration stopping = Duration.ofNanos(System.nanoTime() - start);

            assertThat(stopping).as("time Tandem took to stop").isLessThan(Duration.ofSeconds(10));
            assertThat(inbox.resolve("waiting.md")).as("the file, for the next start").exists();
            assertThat(inbox.resolve(".done")).doesNotExist();
            assertThat(inbox.resolve(".failed")).doesNotExist();
        }
    }
}
