package dev.tandem.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * A cheap load generator for the LLM benchmarks, in the benchmark's JVM: a Vert.x HTTP client on one event loop
 * (no thread per request), HTTP/1.1 keep-alive. Open loop: request starts are scheduled at a fixed rate whatever the
 * completions, and latency counts from the scheduled start (so a stalled server is not hidden). Closed loop: N clients,
 * each sending its next request when the previous one answered.
 */
final class HttpLoad implements AutoCloseable {

    private static final long REQUEST_TIMEOUT_MS = 30_000;

    /** One POST: where, its JSON body (null: a GET), and more request headers. */
    record Target(String name, int port, String path, IntFunction<String> body, Map<String, String> headers) {

        Target(String name, int port, String path, IntFunction<String> body) {
            this(name, port, path, body, Map.of());
        }
    }

    /** One request as the client saw it; {@code body} only when the run keeps bodies. */
    record Outcome(int index, long latencyNanos, int status, String winner, String body) {

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
    }

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    private final HttpClient client;

    HttpLoad(int maxConnections) {
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                .setMaxInitialLineLength(8192), new PoolOptions().setHttp1MaxSize(maxConnections).setMaxWaitQueueSize(-1));
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
        return new Run(target.name(), sorted(outcomes), System.nanoTime() - begin);
    }

    /** {@code clients} concurrent clients for {@code seconds}, or until {@code maxRequests} were sent (-1: no limit). */
    Run closedLoop(Target target, int clients, double seconds, int maxRequests, boolean keepBodies) {
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        long begin = System.nanoTime();
        long end = begin + (long) (seconds * 1e9);
        List<CompletableFuture<Void>> done = new ArrayList<>(clients);
        for (int c = 0; c < clients; c++) {
            CompletableFuture<Void> client = new CompletableFuture<>();
            done.add(client);
            sendNext(target, next, end, maxRequests, keepBodies, outcomes, client);
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
        return new Run(target.name(), sorted(outcomes), System.nanoTime() - begin);
    }

    private void sendNext(Target target, AtomicInteger next, long end, int maxRequests, boolean keepBodies,
            ConcurrentLinkedQueue<Outcome> outcomes, CompletableFuture<Void> client) {
        int index = next.getAndIncrement();
        if (System.nanoTime() >= end || (maxRequests >= 0 && index >= maxRequests)) {
            client.complete(null);
            return;
        }
        send(target, index, System.nanoTime(), keepBodies).thenAccept(outcome -> {
            outcomes.add(outcome);
            sendNext(target, next, end, maxRequests, keepBodies, outcomes, client);
        });
    }

    private CompletableFuture<Outcome> send(Target target, int index, long started, boolean keepBodies) {
        Buffer body = target.body() == null ? Buffer.buffer() : Buffer.buffer(target.body().apply(index));
        RequestOptions options = new RequestOptions().setMethod(target.body() == null ? HttpMethod.GET : HttpMethod.POST)
                .setHost("127.0.0.1").setPort(target.port()).setURI(target.path()).setTimeout(REQUEST_TIMEOUT_MS)
                .putHeader("Content-Type", "application/json");
        target.headers().forEach(options::putHeader);
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        client.request(options)
                .compose(request -> request.send(body))
                .compose(response -> response.body().map(b -> new Outcome(index, System.nanoTime() - started,
                        response.statusCode(), response.getHeader("X-Tandem-Winner"),
                        keepBodies ? b.toString() : null)))
                .onComplete(result -> outcome.complete(result.succeeded() ? result.result()
                        : new Outcome(index, System.nanoTime() - started, -1, null,
                                keepBodies ? String.valueOf(result.cause()) : null)));
        return outcome;
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
