package dev.tandem.config;

import dev.tandem.ingest.IngestSources;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hooks Tandem into Camel Main's start-up: reads {@code .env}, validates the settings before anything starts, and
 * once the route files are loaded, creates one ingestion route per watched folder (and one for S3 when configured).
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
        EnvironmentFunction environment = new EnvironmentFunction(dotEnv);
        context.getPropertiesComponent().addPropertiesFunction(environment);
        // settings with names chosen by the user (a DocumentDB connection's URI) are not in application.properties
        ProjectConfiguration config = ProjectConfiguration.load(key -> learnt(key, context.getPropertiesComponent()
                .resolveProperty(key).or(() -> Optional.ofNullable(environment.apply(
                        ProjectConfiguration.environmentName(key))))));
        config.describe().forEach((name, value) -> LOG.info("  {}: {}", name, value));
        context.getRegistry().bind("projectConfiguration", config);
    }

    /** Every setting read passes here, whatever its source, so that its secrets are masked from now on. */
    private static Optional<String> learnt(String key, Optional<String> value) {
        value.ifPresent(v -> Secrets.learn(key, v));
        return value;
    }

    @Override
    public void afterConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        try {
            IngestSources.addRoutes(context, context.getRegistry().findSingleByType(ProjectConfiguration.class));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create the ingestion routes: " + Secrets.maskText(e.getMessage()),
                    e);
        }
    }
}
