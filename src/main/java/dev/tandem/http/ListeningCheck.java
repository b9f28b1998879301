package dev.tandem.http;

import io.vertx.core.net.impl.TCPServerBase;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;

/**
 * Stops start-up when the HTTP server is not listening. Camel's platform-http server logs a port it could not bind
 * (another Tandem on it, say) as a warning and starts anyway, which left a Tandem that ingested and polled but that no
 * client could reach.
 */
final class ListeningCheck implements StartupListener {

    private final String host;
    private final int port;

    ListeningCheck(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        VertxPlatformHttpServer server = context.hasService(VertxPlatformHttpServer.class);
        // Vert.x says whether a server listens only on its implementation (its actualPort() is the port asked for,
        // bound or not)
        if (server != null && server.getServer() instanceof TCPServerBase bound && !bound.isListening()) {
            throw new IllegalStateException("The HTTP server could not listen on " + host + ":" + port + " (the"
                    + " warning above says why; most often another process, another Tandem perhaps, holds the port):"
                    + " stop it, or choose another port with TANDEM_HTTP_PORT.");
        }
    }
}
