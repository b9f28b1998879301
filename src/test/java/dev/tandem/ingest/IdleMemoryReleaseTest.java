package dev.tandem.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.tandem.config.RequestedCollections;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The idle-memory-release route as shipped, run on demand and with no idle time to wait for. */
class IdleMemoryReleaseTest {

    private static final String ENGLISH = "The pipeline cuts each document into passages, and the passages are "
            + "indexed with their vectors so that hybrid search finds those closest to the question.";

    private final CamelContext context = new DefaultCamelContext();

    @BeforeEach
    void start() throws Exception {
        PluginHelper.getRoutesLoader(context).loadRoutes(PluginHelper.getResourceLoader(context)
                .resolveResource("classpath:routes/idle-memory-release.camel.yaml"));
        AdviceWith.adviceWith(context, "idle-memory-release", route -> {
            route.replaceFromWith("direct:idle-memory-release");
            route.weaveById("release-language-profiles").replace().process(exchange ->
                    exchange.getMessage().setBody(LanguageDetection.releaseIfIdleFor(Duration.ZERO)));
        });
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private void runOnce() {
        context.createProducerTemplate().sendBody("direct:idle-memory-release", null);
    }

    @Test
    void should_collect_the_heap_once_after_letting_the_language_profiles_go() {
        LanguageDetection.detect(ENGLISH);

        try (RequestedCollections collections = RequestedCollections.watch()) {
            runOnce();

            assertThat(LanguageDetection.loaded()).isFalse();
            assertThat(collections.awaitAllReported()).isEqualTo(1);
        }
    }

    @Test
    void should_not_collect_when_there_was_nothing_to_let_go() {
        LanguageDetection.releaseIfIdleFor(Duration.ZERO);

        try (RequestedCollections collections = RequestedCollections.watch()) {
            runOnce();

            assertThat(collections.awaitAllReported()).isZero();
        }
    }
}
