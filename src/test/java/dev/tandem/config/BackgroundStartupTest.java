package dev.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Work started in the background at configuration time holds back every route, and its failure stops start-up. */
class BackgroundStartupTest {

    private final CamelContext context = new DefaultCamelContext();

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void should_start_no_route_before_the_background_work_has_finished() throws Exception {
        CountDownLatch elasticsearchReady = new CountDownLatch(1);
        BackgroundStartup startup = BackgroundStartup.of(context);
        startup.run(() -> elasticsearchReady.await(1, TimeUnit.MINUTES));
        context.addRoutes(route("ingest"));
        CompletableFuture<Void> starting = CompletableFuture.runAsync(context::start);

        // the context is starting and waits for the background work
        await().atMost(Duration.ofSeconds(30)).until(startup::isStarting);
        assertThat(context.getRouteController().getRouteStatus("ingest")).isNotEqualTo(ServiceStatus.Started);
        assertThat(starting).isNotDone();

        elasticsearchReady.countDown();
        starting.get(30, TimeUnit.SECONDS);
        assertThat(context.getRouteController().getRouteStatus("ingest")).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void should_stop_start_up_with_the_failure_of_a_background_task() throws Exception {
        BackgroundStartup.of(context).run(() -> {
            throw new InvalidSettingException("TANDEM_ES_HOME holds no Elasticsearch");
        });
        context.addRoutes(route("ingest"));

        // as it was thrown, so that Tandem's entry point tells a bad setting from a bug
        assertThatThrownBy(context::start).isInstanceOf(InvalidSettingException.class)
                .hasMessage("TANDEM_ES_HOME holds no Elasticsearch");
        assertThat(context.getRouteController().getRouteStatus("ingest")).isNotEqualTo(ServiceStatus.Started);
    }

    @Test
    void should_share_one_background_start_up_between_the_configurations_of_a_context() {
        assertThat(BackgroundStartup.of(context)).isSameAs(BackgroundStartup.of(context));
    }

    @Test
    void should_give_a_task_s_own_exception_to_whoever_waits_for_its_value() {
        BackgroundStartup startup = BackgroundStartup.of(context);
        CompletableFuture<String> model = startup.run(() -> {
            throw new IllegalStateException("Cannot load the embedding model");
        });

        assertThatThrownBy(() -> BackgroundStartup.await(model)).isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot load the embedding model");
    }

    private static RouteBuilder route(String id) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:" + id).routeId(id).log("${body}");
            }
        };
    }
}
