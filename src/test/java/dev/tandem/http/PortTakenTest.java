package dev.tandem.http;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import dev.tandem.RunningTandem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Tandem whose port another process holds does not start (it used to start without its HTTP server). */
class PortTakenTest {

    @TempDir
    Path work;

    @Test
    void should_refuse_to_start_when_its_port_is_taken_naming_the_setting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(taken.getLocalPort());

            assertThatThrownBy(() -> RunningTandem.start(work.resolve("inbox"), work.resolve("data"),
                    Map.of("tandem.http.port", port)).close())
                    .hasStackTraceContaining("The HTTP server could not listen on 127.0.0.1:" + port)
                    .hasStackTraceContaining("TANDEM_HTTP_PORT");
        }
    }
}
