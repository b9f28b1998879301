package dev.tandem.observe;

import dev.tandem.search.ElasticsearchConnection;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/** Binds the health report of {@code observe.camel.yaml} and the Elasticsearch health check. */
public final class ObserveConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Registry registry = context.getRegistry();
        registry.bind("healthReport", new HealthReport());
        // found by Camel's health-check registry when it starts, by then search has bound the connection
        registry.bind("elasticsearchHealthCheck", ElasticsearchHealthCheck.class,
                () -> new ElasticsearchHealthCheck(registry.findSingleByType(ElasticsearchConnection.class)));
    }
}
