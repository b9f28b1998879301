package dev.tandem.mcp.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/**
 * The reason a user reads when an upstream's call fails, for the ways a stopping server ends a call: it refuses a
 * new connection, or it resets or ends the one a call was on before answering.
 */
class UpstreamFailureWordsTest {

    @Test
    void should_say_the_server_refused_when_nothing_listens() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }

        Throwable failure = call(port);

        assertThat(Upstream.describe(failure)).isEqualTo("it refused the connection");
    }

    @Test
    void should_say_the_server_closed_the_connection_when_it_resets_a_call_in_flight() throws Exception {
        Throwable failure = callEndedBy(accepted -> accepted.setSoLinger(true, 0));

        assertThat(Upstream.describe(failure)).isEqualTo("it closed the connection");
    }

    @Test
    void should_say_the_server_closed_the_connection_when_it_ends_a_call_without_an_answer() throws Exception {
        Throwable failure = callEndedBy(accepted -> { });

        assertThat(Upstream.describe(failure)).isEqualTo("it closed the connection");
    }

    @Test
    void should_word_each_form_the_jdk_gives_a_dropped_call_alike() {
        assertThat(Upstream.describe(new IOException("call failed", new SocketException("Connection reset"))))
                .isEqualTo("it closed the connection");
        assertThat(Upstream.describe(new IOException("Connection reset by peer")))
                .isEqualTo("it closed the connection");
        assertThat(Upstream.describe(new IOException("Broken pipe"))).isEqualTo("it closed the connection");
        assertThat(Upstream.describe(new IOException("call failed", new EOFException("EOF reached while reading"))))
                .isEqualTo("it closed the connection");
    }

    /** What a call meets when the server reads its first byte, does {@code ending} to the socket and closes it. */
    private static Throwable callEndedBy(SocketEnding ending) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> ended = CompletableFuture.runAsync(() -> {
                try (Socket accepted = server.accept()) {
                    accepted.getInputStream().read();
                    ending.before(accepted);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Throwable failure = call(server.getLocalPort());
            ended.join();
            return failure;
        }
    }

    private interface SocketEnding {
        void before(Socket closing) throws IOException;
    }

    private static Throwable call(int port) {
        HttpClient client = HttpClient.newHttpClient();
        return catchThrowable(() -> client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()));
    }
}
