package dev.tandem.llm.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tandem.llm.BackendException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A backend call whose connection the JDK client closed under it is sent again; one whose backend closed the
 * connection, or whose caller gave up, is not. The client's own closes come from a race between exchanges on one
 * client while some are aborted (a few in 10,000 aborts, on JDK 17 and 25, never on demand), so here they are raised
 * in the failure's real shape in front of a real client and a real server; the backend's close is real.
 */
class WaitingTest {

    private static final String NO_BYTES = "HTTP/1.1 header parser received no bytes";
    /** What the JDK client (17.0.15, and 25 alike) throws when its own side closed the connection under an exchange. */
    private static final IOException CLOSED_LOCALLY = new IOException(NO_BYTES, new IOException(NO_BYTES,
            new IOException("connection closed locally")));
    private static final IOException CHANNEL_CLOSED = new IOException(NO_BYTES, new IOException(NO_BYTES,
            new ClosedChannelException()));
    private static final IOException KEY_GONE = new IOException(NO_BYTES, new IOException(NO_BYTES,
            new IOException("No key for channel")));

    private final BackendFailures failures = new BackendFailures("Emulator", "TANDEM_TEST_URL", "http://127.0.0.1");
    /** Requests that reached the backend. */
    private final AtomicInteger received = new AtomicInteger();
    /** Sends the call made, whether or not they reached the backend. */
    private final AtomicInteger sends = new AtomicInteger();
    private final HttpClient http = BackendHttp.client(Duration.ofSeconds(2));
    private Vertx vertx;
    private URI backend;

    @BeforeEach
    void startBackend() throws Exception {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body(body -> {
            received.incrementAndGet();
            if (request.path().equals("/hangs-up")) {
                request.connection().close();
            } else {
                request.response().putHeader("Content-Type", "application/json").end("{\"done\":true}");
            }
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        backend = URI.create("http://127.0.0.1:" + server.actualPort());
    }

    @AfterEach
    void stopBackend() {
        vertx.close();
    }

    @Test
    void should_send_a_call_again_when_the_client_closed_its_connection_under_it() {
        Waiting.Exchange<String> closedTwice = failingFirst(2, CLOSED_LOCALLY);

        HttpResponse<String> response = Waiting.send(closedTwice, request("/answers"), inTenSeconds(), this::late,
                failures);

        assertThat(response.body()).isEqualTo("{\"done\":true}");
        assertThat(received).hasValue(1);
    }

    @Test
    void should_give_up_after_three_sends_that_the_client_closed() {
        Waiting.Exchange<String> alwaysClosed = failingFirst(Integer.MAX_VALUE, CHANNEL_CLOSED);

        assertThatThrownBy(() -> Waiting.send(alwaysClosed, request("/answers"), inTenSeconds(), this::late,
                failures)).isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.kind()).isEqualTo(BackendException.Kind.UNREACHABLE);
                    assertThat(e.getMessage()).isEqualTo("Emulator closed the connection before answering");
                });
        assertThat(sends).hasValue(Waiting.SENDS);
    }

    @Test
    void should_not_send_again_a_call_whose_backend_closed_the_connection() {
        assertThatThrownBy(() -> Waiting.send(http, request("/hangs-up"), BodyHandlers.ofString(), inTenSeconds(),
                this::late, failures)).isInstanceOfSatisfying(BackendException.class, e ->
                        assertThat(e.getMessage()).isEqualTo("Emulator closed the connection before answering"));
        assertThat(received).hasValue(1);
    }

    @Test
    void should_not_send_again_a_call_whose_caller_gave_up() {
        Waiting.Exchange<String> closedOnce = failingFirst(1, CLOSED_LOCALLY);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Waiting.send(closedOnce, request("/answers"), inTenSeconds(), this::late,
                    failures)).isInstanceOf(BackendException.class);
        } finally {
            Thread.interrupted();
        }
        assertThat(sends).hasValue(1);
        assertThat(received).hasValue(0);
    }

    @Test
    void should_not_send_again_past_the_deadline() {
        Instant deadline = Instant.now().plusMillis(200);
        Waiting.Exchange<String> closedAtTheDeadline = request -> {
            sends.incrementAndGet();
            await().until(() -> Instant.now().isAfter(deadline));
            throw CLOSED_LOCALLY;
        };

        assertThatThrownBy(() -> Waiting.send(closedAtTheDeadline, request("/answers"), deadline, this::late,
                failures)).isInstanceOfSatisfying(BackendException.class, e ->
                        assertThat(e.kind()).isEqualTo(BackendException.Kind.TIMEOUT));
        assertThat(sends).hasValue(1);
    }

    @Test
    void should_tell_the_clients_own_closes_from_the_backends() {
        assertThat(Waiting.closedByTheClient(CLOSED_LOCALLY)).isTrue();
        assertThat(Waiting.closedByTheClient(CHANNEL_CLOSED)).isTrue();
        assertThat(Waiting.closedByTheClient(KEY_GONE)).isTrue();
        assertThat(Waiting.closedByTheClient(new IOException(NO_BYTES, new EOFException("EOF reached while reading"))))
                .isFalse();
        assertThat(Waiting.closedByTheClient(new IOException("connection closed by the backend"))).isFalse();
        assertThat(Waiting.closedByTheClient(new ConnectException())).isFalse(); // refused: no message at all
    }

    /** The real client, whose first {@code closes} sends fail as the client's own close fails them. */
    private Waiting.Exchange<String> failingFirst(int closes, IOException close) {
        return request -> {
            if (sends.incrementAndGet() <= closes) {
                throw close;
            }
            return http.send(request, BodyHandlers.ofString());
        };
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(backend.resolve(path)).POST(HttpRequest.BodyPublishers.ofString("{}"));
    }

    private static Instant inTenSeconds() {
        return Instant.now().plusSeconds(10);
    }

    private BackendException late() {
        return failures.timeout(Duration.ofSeconds(10));
    }
}
