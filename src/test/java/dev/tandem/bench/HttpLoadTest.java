package dev.tandem.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * The benchmarks' load client against small servers on 127.0.0.1: every call ends, with its answer or a counted
 * failure. The timeouts run in a separate thread because a hung client blocks in an uninterruptible join.
 */
class HttpLoadTest {

    private static final Duration DEADLINE = Duration.ofSeconds(2);

    private final Vertx serverVertx = Vertx.vertx();

    @AfterEach
    void stopServer() throws Exception {
        serverVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /**
     * As the benchmarks' sequential phases do: one call at a time, each started from the caller's thread, on a busy
     * machine. A client that asks for the body after the whole answer has arrived loses some of them (Vert.x 4.5.22).
     */
    @Test
    @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
    void should_read_every_answer_when_each_call_is_started_on_its_own_from_the_callers_thread() throws Exception {
        int port = echoServer();
        int calls = 3000;
        Map<String, Long> failures = new TreeMap<>();
        int answered = 0;
        ExecutorService otherLoad = Executors.newFixedThreadPool(2);
        AtomicBoolean busy = new AtomicBoolean(true);
        try (HttpLoad load = new HttpLoad(1, DEADLINE)) {
            for (int spinner = 0; spinner < 2; spinner++) {
                otherLoad.submit(() -> {
                    while (busy.get()) {
                        Thread.onSpinWait();
                    }
                });
            }
            HttpLoad.Target echo = new HttpLoad.Target("echo", port, "/echo", i -> "{\"call\":" + i + "}");
            for (int call = 0; call < calls && failures.isEmpty(); call++) {
                HttpLoad.Run run = load.closedLoop(echo, 1, 60, 1, true);
                run.failures().forEach((reason, count) -> failures.merge(reason, count, Long::sum));
                if (run.outcomes().get(0).ok() && run.outcomes().get(0).body().equals("{\"call\":0}")) {
                    answered++;
                }
            }
        } finally {
            busy.set(false);
            otherLoad.shutdown();
        }
        assertThat(failures).isEmpty();
        assertThat(answered).isEqualTo(calls);
    }

    @Test
    @Timeout(value = 30, threadMode = ThreadMode.SEPARATE_THREAD)
    void should_end_a_call_that_gets_no_answer_with_a_counted_timeout() throws Exception {
        // the kernel accepts connections into the backlog; nobody ever reads or answers them
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                HttpLoad load = new HttpLoad(2, DEADLINE)) {
            HttpLoad.Run run = load.closedLoop(new HttpLoad.Target("silent", silent.getLocalPort(), "/", i -> "{}"),
                    2, 60, 2, true);

            assertThat(run.failures()).containsExactly(entry("no answer within 2 s", 2L));
            assertThat(run.outcomes()).allSatisfy(outcome -> {
                assertThat(outcome.status()).isEqualTo(-1);
                assertThat(outcome.latencyNanos()).isGreaterThanOrEqualTo(DEADLINE.toNanos());
            });
            assertThat(run.successPct()).isZero();
        }
    }

    @Test
    @Timeout(value = 30, threadMode = ThreadMode.SEPARATE_THREAD)
    void should_count_refused_connections_and_error_statuses_by_reason() throws Exception {
        int closedPort = closedPort();
        int port = echoServer();
        try (HttpLoad load = new HttpLoad(2, DEADLINE)) {
            HttpLoad.Run refused = load.closedLoop(new HttpLoad.Target("refused", closedPort, "/", i -> "{}"),
                    1, 60, 3, false);
            HttpLoad.Run busy = load.closedLoop(new HttpLoad.Target("busy", port, "/busy", i -> "{}"), 1, 60, 2, true);

            assertThat(refused.failures()).hasSize(1).allSatisfy((reason, count) -> {
                assertThat(reason).startsWith("connect failed: ").contains("refused");
                assertThat(count).isEqualTo(3);
            });
            assertThat(busy.failures()).containsExactly(entry("HTTP 503", 2L));
            assertThat(busy.outcomes()).extracting(HttpLoad.Outcome::body).containsOnly("{\"error\":\"busy\"}");
        }
    }

    /**
     * Closed-loop clients that pause before each next request, so that they do not send in step: 60 requests of one
     * client pausing 0 to 2 ms take about 60 ms more than their answers (at least 20 ms more by a wide margin).
     */
    @Test
    @Timeout(value = 30, threadMode = ThreadMode.SEPARATE_THREAD)
    void should_pause_a_closed_loop_client_between_its_requests_when_asked() throws Exception {
        int port = echoServer();
        try (HttpLoad load = new HttpLoad(1, DEADLINE)) {
            HttpLoad.Target echo = new HttpLoad.Target("echo", port, "/echo", i -> "{\"call\":" + i + "}");
            load.closedLoop(echo, 1, 60, 60, false); // the first connection and the JIT, before anything is timed
            HttpLoad.Run run = load.closedLoop(echo, 1, 60, 60, true, 2);

            assertThat(run.outcomes()).extracting(HttpLoad.Outcome::body)
                    .containsExactlyElementsOf(IntStream.range(0, 60).mapToObj(i -> "{\"call\":" + i + "}").toList());
            long answering = run.outcomes().stream().mapToLong(HttpLoad.Outcome::latencyNanos).sum();
            assertThat(Duration.ofNanos(run.elapsedNanos() - answering))
                    .isBetween(Duration.ofMillis(20), Duration.ofSeconds(1));
        }
    }

    /** Answers /echo with the request's body, /busy with 503. */
    private int echoServer() throws Exception {
        return serverVertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            if (request.path().equals("/busy")) {
                request.response().setStatusCode(503).end("{\"error\":\"busy\"}");
            } else {
                request.response().putHeader("Content-Type", "application/json").end(body);
            }
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
