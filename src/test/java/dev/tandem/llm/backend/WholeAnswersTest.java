package dev.tandem.llm.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tandem.llm.BackendException;
import dev.tandem.llm.BackendException.Kind;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A whole answer read on the calling thread, against a real Vert.x server: each way a call can end. */
class WholeAnswersTest {

    private final BackendFailures failures = new BackendFailures("Emulator", "TANDEM_TEST_URL", "http://127.0.0.1");
    private final WholeAnswers answers = new WholeAnswers(Duration.ofSeconds(2));
    /** Requests that reached the backend. */
    private final AtomicInteger received = new AtomicInteger();
    private Vertx vertx;
    private URI backend;

    @BeforeEach
    void startBackend() throws Exception {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body(body -> {
            received.incrementAndGet();
            switch (request.path()) {
                case "/hangs-up" -> request.connection().close();
                case "/never" -> { } // no answer: the caller's deadline or interrupt ends the call
                default -> request.response().putHeader("Content-Type", "application/json")
                        .putHeader("retry-after", "7").end("{\"echo\":" + body.result() + "}");
            }
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        backend = URI.create("http://127.0.0.1:" + server.actualPort());
    }

    @AfterEach
    void stopBackend() {
        Thread.interrupted(); // an interruption test must not leak its flag into the next test
        vertx.close();
    }

    @Test
    void should_return_the_status_headers_and_body() {
        WholeAnswers.Answer answer = send("/answers", Instant.now().plusSeconds(10));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"echo\":{\"q\":1}}");
        assertThat(answer.header("Retry-After")).contains("7");
        assertThat(answer.header("X-Absent")).isEmpty();
    }

    @Test
    void should_say_the_backend_closed_the_connection_and_not_send_again() {
        BackendException failure = catchThrowableOfType(BackendException.class,
                () -> send("/hangs-up", Instant.now().plusSeconds(10)));

        assertThat(failure.kind()).isEqualTo(Kind.UNREACHABLE);
        assertThat(failure.getMessage()).isEqualTo("Emulator closed the connection before answering");
        assertThat(received).hasValue(1);
    }

    @Test
    void should_say_the_backend_refused_the_connection() {
        backend = URI.create("http://127.0.0.1:" + FreePort.find());

        BackendException failure = catchThrowableOfType(BackendException.class,
                () -> send("/answers", Instant.now().plusSeconds(10)));

        assertThat(failure.kind()).isEqualTo(Kind.UNREACHABLE);
        assertThat(failure.getMessage()).startsWith("Emulator refused the connection");
    }

    @Test
    void should_word_a_connect_timeout_as_such() {
        assertThat(failures.unreachable(new ConnectTimeoutException("Connect to 10.0.0.1:80 timed out"))
                .getMessage()).isEqualTo("Emulator did not accept the connection in time: is TANDEM_TEST_URL right?");
    }

    @Test
    void should_time_out_at_the_deadline() {
        long start = System.nanoTime();
        BackendException failure = catchThrowableOfType(BackendException.class,
                () -> send("/never", Instant.now().plusMillis(300)));

        assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void should_stop_at_once_when_interrupted_and_keep_serving_the_next_calls() {
        Duration took = Interruption.timeToCancel(received::get, () -> send("/never", Instant.now().plusSeconds(30)));

        assertThat(took).isLessThan(Duration.ofSeconds(5));
        assertThat(send("/answers", Instant.now().plusSeconds(10)).status()).isEqualTo(200);
    }

    @Test
    void should_leave_the_thread_interrupted_for_its_caller() {
        Thread.currentThread().interrupt();

        BackendException failure = catchThrowableOfType(BackendException.class,
                () -> send("/never", Instant.now().plusSeconds(30)));

        assertThat(failure.kind()).isEqualTo(Kind.CANCELLED);
        assertThat(Thread.interrupted()).as("the caller still sees the interrupt").isTrue();
    }

    private WholeAnswers.Answer send(String path, Instant deadline) {
        return answers.send("POST", backend.resolve(path), Map.of("X-Test", List.of("yes")), "{\"q\":1}", deadline,
                () -> failures.timeout(Duration.ofSeconds(10)), failures);
    }
}
