package dev.tandem.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * A cheap load generator for the LLM benchmarks, in the benchmark's JVM: a Vert.x HTTP client on one event loop
 * (no thread per request), HTTP/1.1 keep-alive. Open loop: request starts are scheduled at a fixed rate whatever the
 * completions, and latency counts from the scheduled start (so a stalled server is not hidden). Closed loop: N clients,
 * each sending its next request when the previous one answered (at once, or after a short random pause). Every call
 * ends: a connection (from the pool or new) must come within the deadline, and so must the whole answer once the
 * request has its connection; a call that misses either counts as failed, with its reason, and the failures of each
 * run are printed.
 */
final class HttpLoad implements AutoCloseable {

    static final Duration DEADLINE = Duration.ofSeconds(30);

    /** One POST: where, its JSON body (null: a GET), and more request headers. */
    record Target(String name, int port, String path, IntFunction<String> body, Map<String, String> headers) {

        Target(String name, int port, String path, IntFunction<String> body) {
            this(name, port, path, body, Map.of());
        }
    }

    /**
     * One request as the client saw it; {@code body} only when the run keeps bodies (a failed call's: its reason);
     * {@code failure} says why a call did not answer 200 (null when it did), status -1 when no answer came.
     */
    record Outcome(int index, long latencyNanos, int status, String winner, String body, String failure) {

        boolean ok() {
            return status == 200;
        }
    }

    /** The outcomes of one run and how long it took. */
    record Run(String name, List<Outcome> outcomes, long elapsedNanos) {

        double percentileMs(double p) {
            return Percentiles.nearestRank(outcomes.stream().mapToDouble(o -> o.latencyNanos() / 1e6).toArray(), p);
        }

        double achievedPerSecond() {
            return outcomes.stream().filter(Outcome::ok).count() / (elapsedNanos / 1e9);
        }

        double successPct() {
            return outcomes.isEmpty() ? 0 : 100.0 * outcomes.stream().filter(Outcome::ok).count() / outcomes.size();
        }

        /** Failed calls by reason. */
        Map<String, Long> failures() {
            return outcomes.stream().filter(o -> !o.ok())
                    .collect(Collectors.groupingBy(Outcome::failure, TreeMap::new, Collectors.counting()));
        }
    }

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    /** Every request starts on this event loop context, so that its answer is read where it arrives. */
    private final Context loop = vertx.getOrCreateContext();
    private final HttpClient client;
    private final long deadlineMillis;

    HttpLoad(int maxConnections) {
        this(maxConnections, DEADLINE);
    }

    HttpLoad(int maxConnections, Duration deadline) {
        deadlineMillis = deadline.toMillis();
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                .setConnectTimeout((int) deadlineMillis).setMaxInitialLineLength(8192),
                new PoolOptions().setHttp1MaxSize(maxConnections).setMaxWaitQueueSize(-1));
    }

    /** Requests started at {@code perSecond} for {@code seconds}; waits for the last answer. */
    Run openLoop(Target target, double perSecond, double seconds, boolean keepBodies) {
        int count = (int) Math.round(perSecond * seconds);
        long interval = (long) (1e9 / perSecond);
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Void>> done = new ArrayList<>(count);
        long begin = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long scheduled = begin + i * interval;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            done.add(send(target, i, scheduled, keepBodies).thenAccept(outcomes::add));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
        return reported(new Run(target.name(), sorted(outcomes), System.nanoTime() - begin));
    }

    /** {@code clients} concurrent clients for {@code seconds}, or until {@code maxRequests} were sent (-1: no limit). */
    Run closedLoop(Target target, int clients, double seconds, int maxRequests, boolean keepBodies) {
        return closedLoop(target, clients, seconds, maxRequests, keepBodies, 0);
    }

    /**
     * As {@link #closedLoop(Target, int, double, int, boolean)}, each client pausing 0 to {@code maxPauseMillis} ms,
     * drawn at random, before its next request. When every answer takes the same time, clients that send again at
     * once stay in step: their requests arrive in bursts, and how tight a burst is then depends on the request's size.
     */
    Run closedLoop(Target target, int clients, double seconds, int maxRequests, boolean keepBodies,
            int maxPauseMillis) {
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        long begin = System.nanoTime();
        long end = begin + (long) (seconds * 1e9);
        List<CompletableFuture<Void>> done = new ArrayList<>(clients);
        for (int c = 0; c < clients; c++) {
            CompletableFuture<Void> client = new CompletableFuture<>();
            done.add(client);
            sendNext(target, next, end, maxRequests, keepBodies, maxPauseMillis, outcomes, client);
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
        return reported(new Run(target.name(), sorted(outcomes), System.nanoTime() - begin));
    }

    private void sendNext(Target target, AtomicInteger next, long end, int maxRequests, boolean keepBodies,
            int maxPauseMillis, ConcurrentLinkedQueue<Outcome> outcomes, CompletableFuture<Void> client) {
        int index = next.getAndIncrement();
        if (System.nanoTime() >= end || (maxRequests >= 0 && index >= maxRequests)) {
            client.complete(null);
            return;
        }
        send(target, index, System.nanoTime(), keepBodies).thenAccept(outcome -> {
            outcomes.add(outcome);
            int pause = ThreadLocalRandom.current().nextInt(maxPauseMillis + 1);
            Runnable again = () -> sendNext(target, next, end, maxRequests, keepBodies, maxPauseMillis, outcomes,
                    client);
            if (pause == 0) {
                again.run();
            } else {
                vertx.setTimer(pause, fired -> again.run()); // Vert.x's timers take whole milliseconds, 1 at least
            }
        });
    }

    private CompletableFuture<Outcome> send(Target target, int index, long started, boolean keepBodies) {
        Buffer body = target.body() == null ? Buffer.buffer() : Buffer.buffer(target.body().apply(index));
        RequestOptions options = new RequestOptions().setMethod(target.body() == null ? HttpMethod.GET : HttpMethod.POST)
                .setHost("127.0.0.1").setPort(target.port()).setURI(target.path()).setConnectTimeout(deadlineMillis)
                .putHeader("Content-Type", "application/json");
        target.headers().forEach(options::putHeader);
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        loop.runOnContext(ignored -> client.request(options).onComplete(obtained -> {
            if (obtained.failed()) {
                outcome.complete(failed(index, started, obtained.cause() instanceof TimeoutException
                        ? "no connection within " + deadlineText() : "connect failed: " + describe(obtained.cause()),
                        keepBodies));
                return;
            }
            HttpClientRequest request = obtained.result();
            long deadline = vertx.setTimer(deadlineMillis, fired -> {
                outcome.complete(failed(index, started, "no answer within " + deadlineText(), keepBodies));
                request.reset();
            });
            // the body is asked for in the callback that hands over the response head, on the event loop: asked for
            // later, Vert.x 4.5.22 misses the end of a response that has already arrived and never completes it
            request.send(body)
                    .compose(response -> response.body().map(b -> answered(index, started, response, b, keepBodies)))
                    .onComplete(result -> {
                        vertx.cancelTimer(deadline);
                        outcome.complete(result.succeeded() ? result.result()
                                : failed(index, started, "failed: " + describe(result.cause()), keepBodies));
                    });
        }));
        return outcome;
    }

    private static Outcome answered(int index, long started, HttpClientResponse response, Buffer body,
            boolean keepBodies) {
        int status = response.statusCode();
        return new Outcome(index, System.nanoTime() - started, status, response.getHeader("X-Tandem-Winner"),
                keepBodies ? body.toString() : null, status == 200 ? null : "HTTP " + status);
    }

    private static Outcome failed(int index, long started, String reason, boolean keepBodies) {
        return new Outcome(index, System.nanoTime() - started, -1, null, keepBodies ? reason : null, reason);
    }

    private static String describe(Throwable cause) {
        String name = cause.getClass().getSimpleName();
        return cause.getMessage() == null ? name : name + ": " + cause.getMessage();
    }

    private String deadlineText() {
        return deadlineMillis % 1000 == 0 ? deadlineMillis / 1000 + " s" : deadlineMillis + " ms";
    }

    /** Prints how many calls of a run failed and why, so that no benchmark hides a failure in its figures. */
    private static Run reported(Run run) {
        Map<String, Long> failures = run.failures();
        if (!failures.isEmpty()) {
            System.out.printf("%s: %d of %d calls failed: %s%n", run.name(),
                    failures.values().stream().mapToLong(Long::longValue).sum(), run.outcomes().size(),
                    failures.entrySet().stream().map(f -> f.getKey() + " (" + f.getValue() + ")")
                            .collect(Collectors.joining(", ")));
        }
        return run;
    }

    private static List<Outcome> sorted(ConcurrentLinkedQueue<Outcome> outcomes) {
        Outcome[] all = outcomes.toArray(Outcome[]::new);
        Arrays.sort(all, (a, b) -> Integer.compare(a.index(), b.index()));
        return List.of(all);
    }

    @Override
    public void close() {
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
