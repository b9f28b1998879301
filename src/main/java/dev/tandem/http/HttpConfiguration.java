package dev.tandem.http;

import dev.tandem.config.ProjectConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.VertxOptions;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.platform.http.PlatformHttpComponent;

/**
 * The HTTP floor every API shares: the server's worker threads, the guard in front of every route, which headers
 * reach a response, error bodies, and a start-up that fails when the server is not listening.
 */
public final class HttpConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        context.getComponent("platform-http", PlatformHttpComponent.class).setHeaderFilterStrategy(new ResponseHeaders());
        context.getRegistry().bind("errorResponses", new ErrorResponses());
        ProjectConfiguration config = context.getRegistry().findSingleByType(ProjectConfiguration.class);
        // the platform-http server builds its Vert.x from the one VertxOptions it finds in the registry when it starts
        context.getRegistry().bind("vertxOptions", new VertxOptions().setWorkerPoolSize(config.http().workers()));
        CallerMetrics metrics = new CallerMetrics(context.getRegistry().lookupByNameAndType(
                MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class));
        context.getRegistry().bind("callerMetrics", metrics);
        Guard guard = new Guard(new Guard.Settings(config.mcp().allowedOrigins(), config.mcp().allowedHosts(),
                config.mcp().maxRequestKb() * 1024L), new ApiKeys(config.mcp().token(), config.http().apiKeys()),
                new RequestBudgets(System::nanoTime), metrics);
        context.addStartupListener(new GuardInstaller(guard));
        context.addStartupListener(new ListeningCheck(config.http().host(), config.http().port()));
    }
}
