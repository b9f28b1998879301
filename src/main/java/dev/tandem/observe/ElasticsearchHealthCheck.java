package dev.tandem.observe;

import java.util.Map;

import dev.tandem.search.ElasticsearchConnection;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** UP while Elasticsearch answers and its cluster is not red. */
public final class ElasticsearchHealthCheck extends AbstractHealthCheck {

    private final ElasticsearchConnection connection;

    public ElasticsearchHealthCheck(ElasticsearchConnection connection) {
        super("tandem", "elasticsearch");
        this.connection = connection;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (connection.isHealthy()) {
            builder.up();
        } else {
            builder.message("Elasticsearch does not answer or its cluster is red").down();
        }
    }
}
