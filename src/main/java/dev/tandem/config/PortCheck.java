package dev.tandem.config;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The HTTP port, tried before anything starts: a second Tandem on the same port says so in one line and stops at once,
 * instead of starting Elasticsearch and the models first and ending in the HTTP server's stack traces.
 */
final class PortCheck {

    private PortCheck() {
    }

    static void requireFree(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            throw new InvalidSettingException("Port " + port + " on " + host + " is taken: another process, another"
                    + " Tandem perhaps, listens on it. Stop it, or choose another port with TANDEM_HTTP_PORT.");
        } catch (IOException e) {
            throw new InvalidSettingException("Tandem cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "): check TANDEM_HTTP_HOST and TANDEM_HTTP_PORT.");
        }
    }
}
