package dev.tandem.bench;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;

/**
 * The baseline of {@link StartupBenchmark}: an empty Camel Main, the same Camel and the same HTTP server as Tandem,
 * with one route that answers {@code GET /observe/health} 200. Run on the same class path (or jar) as Tandem, so that
 * the JVM, Camel and Vert.x start alike; what Tandem takes beyond it is Tandem's own. The port is the first argument.
 */
public final class StartupBaselineApp {

    private StartupBaselineApp() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        main.configure().setName("startup-baseline");
        // no properties file and no route files: nothing of Tandem's is read
        main.setDefaultPropertyPlaceholderLocation("false");
        main.configure().setRoutesCollectorEnabled(false);
        main.configure().httpServer().setEnabled(true);
        main.configure().httpServer().setHost("127.0.0.1");
        main.configure().httpServer().setPort(Integer.parseInt(args[0]));
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/observe/health?httpMethodRestrict=GET").routeId("health").setBody(constant("UP"));
            }
        });
        main.run();
    }
}
