package dev.tandem.llm.backend.embedded;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** The embedded model's line in {@code /observe/health}: loaded (it is, or Tandem would not have started), its memory and speed. */
public final class EmbeddedHealthCheck extends AbstractHealthCheck {

    private final EmbeddedBackend backend;

    public EmbeddedHealthCheck(EmbeddedBackend backend) {
        super("tandem", "embedded-model");
        this.backend = backend;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.message(backend.healthSummary()).up();
    }
}
