package dev.tandem.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import dev.tandem.RunningTandem;
import dev.tandem.config.InvalidSettingException;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Tandem whose port another process holds does not start (it used to start without its HTTP server). */
class PortTakenTest {

    @TempDir
    Path work;

    /** Found before anything starts: one line (the entry point prints an invalid setting's message alone). */
    @Test
    void should_refuse_to_start_when_its_port_is_taken_naming_the_setting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(taken.getLocalPort());

            assertThatThrownBy(() -> RunningTandem.start(work.resolve("inbox"), work.resolve("data"),
                    Map.of("tandem.http.port", port)).close())
                    .isInstanceOf(InvalidSettingException.class)
                    .hasStackTraceContaining("Port " + port + " on 127.0.0.1 is taken")
                    .hasStackTraceContaining("TANDEM_HTTP_PORT");
        }
    }

    /** Taken while Tandem started (two started at once): the HTTP server cannot listen, and start-up stops. */
    @Test
    void should_stop_starting_when_its_port_is_taken_after_the_check() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        ServerSocket[] taken = new ServerSocket[1];
        MainListenerSupport takesThePort = new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport main) {
                try {
                    taken[0] = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        try {
            assertThatThrownBy(() -> RunningTandem.start(work.resolve("inbox"), work.resolve("data"),
                    Map.of("tandem.http.port", Integer.toString(port)), takesThePort).close())
                    .hasStackTraceContaining("The HTTP server could not listen on 127.0.0.1:" + port)
                    .hasStackTraceContaining("TANDEM_HTTP_PORT");
            assertThat(taken[0]).as("the port taken between the check and the server's start").isNotNull();
        } finally {
            if (taken[0] != null) {
                taken[0].close();
            }
        }
    }
}
