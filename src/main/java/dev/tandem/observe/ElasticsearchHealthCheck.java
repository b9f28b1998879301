package dev.tandem.observe;

import java.util.Map;

import dev.tandem.search.ElasticsearchConnection;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** UP while Elasticsearch answers within the health timeout and its cluster is not red; DOWN says which. */
public final class ElasticsearchHealthCheck extends AbstractHealthCheck {

    private final ElasticsearchConnection connection;

    public ElasticsearchHealthCheck(ElasticsearchConnection connection) {
        super("tandem", "elasticsearch");
        this.connection = connection;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        connection.healthProblem().ifPresentOrElse(problem -> builder.message(problem).down(), builder::up);
    }
}
