package dev.tandem.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Optional;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hooks Tandem into Camel Main's start-up: reads {@code .env} and validates the settings (the HTTP port free among
 * them) before anything starts, then binds what every feature's configuration may need whatever their order: the
 * settings and the meter registry.
 */
public final class TandemMainListener extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(TandemMainListener.class);

    private final DotEnv dotEnv;

    public TandemMainListener(DotEnv dotEnv) {
        this.dotEnv = dotEnv;
    }

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        JarDirectoryResourceResolver.install(context);
        EnvironmentFunction environment = new EnvironmentFunction(dotEnv);
        context.getPropertiesComponent().addPropertiesFunction(environment);
        // settings with names chosen by the user (a DocumentDB connection's URI) are not in application.properties
        ProjectConfiguration config = ProjectConfiguration.load(key -> learnt(key, context.getPropertiesComponent()
                .resolveProperty(key).or(() -> Optional.ofNullable(environment.apply(
                        ProjectConfiguration.environmentName(key))))));
        config.describe().forEach((name, value) -> LOG.info("  {}: {}", name, value));
        PortCheck.requireFree(config.http().host(), config.http().port());
        context.getRegistry().bind("projectConfiguration", config);
        // features that expand variables of their own files (mcp.json) look them up where the settings do
        context.getRegistry().bind("dotEnv", dotEnv);
        // one body limit for every door: the HTTP server's body handler refuses a larger body, however it is sent
        main.configure().httpServer().setMaxBodySize(config.mcp().maxRequestKb() * 1024L);
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data dir " + config.dataDir(), e);
        }
        // one registry for Tandem's meters and Camel's route metrics (camel.metrics.*), so that /observe/metrics
        // shows both
        if (context.getRegistry().lookupByName(MicrometerConstants.METRICS_REGISTRY_NAME) == null) {
            context.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME,
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        }
    }

    /** Every setting read passes here, whatever its source, so that its secrets are masked from now on. */
    private static Optional<String> learnt(String key, Optional<String> value) {
        value.ifPresent(v -> Secrets.learn(key, v));
        return value;
    }
}
