package dev.tandem.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;

/**
 * {@code GET /observe/live} for load balancers: {@code UP} (200) while Tandem's routes run, {@code DOWN} (503) while
 * it starts or stops. Open without a token and says nothing else, so it can be probed from anywhere.
 */
final class Liveness implements Handler<RoutingContext> {

    static final String PATH = "/observe/live";

    private final CamelContext camel;

    Liveness(CamelContext camel) {
        this.camel = camel;
    }

    @Override
    public void handle(RoutingContext context) {
        boolean up = camel.isStarted();
        context.response().setStatusCode(up ? 200 : 503).putHeader("Content-Type", "text/plain")
                .putHeader("Cache-Control", "no-store").end(up ? "UP" : "DOWN");
    }
}
