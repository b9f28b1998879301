package dev.tandem.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.tandem.llm.BackendException;
import dev.tandem.llm.backend.BackendFailures;
import dev.tandem.llm.backend.BackendHttp;
import dev.tandem.llm.backend.WholeAnswers;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * Calls that fail because a neighbour's call on the same client was aborted: the JDK client's {@code send}, and
 * {@link WholeAnswers}, which the backends read whole answers with. Pairs of calls to a local Vert.x backend that
 * never fails, as the gateway's two branches: one call is aborted (its thread interrupted, as a losing branch is) the
 * moment its partner answers, and it answers a millisecond sooner, so that aborts land while answers arrive. A call that fails without having been aborted failed
 * though its backend was fine. The rows alternate, so both see the same machine.
 */
final class BackendAbortsBenchmark {

    private static final String USAGE = "BackendAbortsBenchmark [--pairs 48] [--seconds 10] [--rounds 3]";

    private BackendAbortsBenchmark() {
    }

    public static void main(String[] args) {
        BenchRun.main("backend-aborts", args, BackendAbortsBenchmark::run);
    }

    /** What one row counted. */
    private record Tally(AtomicLong answered, AtomicLong aborted, AtomicLong failed) {
        Tally() {
            this(new AtomicLong(), new AtomicLong(), new AtomicLong());
        }
    }

    /** One call, as a row makes it; true when it was answered. */
    private interface Call {
        boolean send(URI uri) throws Exception;
    }

    /** The calls of one row, on a client of their own. */
    private interface Client {
        Call fresh();
    }

    private static void run(String[] args) throws Exception {
        BenchArgs arguments = BenchArgs.parse(args, USAGE, Set.of("--pairs", "--seconds", "--rounds"), Set.of(), 0);
        int pairs = arguments.integer("--pairs", 48);
        Duration row = Duration.ofSeconds(arguments.integer("--seconds", 10));
        int rounds = arguments.integer("--rounds", 3);
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body(body ->
                    vertx.setTimer(request.path().equals("/aborted") ? 4 : 5, late -> request.response()
                            .putHeader("Content-Type", "application/json").end("{\"done\":true}"))))
                    .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            URI backend = URI.create("http://127.0.0.1:" + server.actualPort());
            BackendFailures failures = new BackendFailures("Backend", "BENCH_URL", backend.toString());
            Client jdk = () -> {
                HttpClient http = BackendHttp.client(Duration.ofSeconds(2));
                return uri -> http.send(post(uri).build(), BodyHandlers.ofString()).statusCode() == 200;
            };
            Client whole = () -> {
                WholeAnswers answers = new WholeAnswers(Duration.ofSeconds(2));
                return uri -> answers.send("POST", uri, Map.of(), "{}", Instant.now().plusSeconds(10),
                        () -> failures.timeout(Duration.ofSeconds(10)), failures).status() == 200;
            };
            Tally jdkTally = new Tally();
            Tally wholeTally = new Tally();
            System.out.printf("%d pairs at once, rows of %d s, %d rounds (rows alternate)%n", pairs, row.toSeconds(),
                    rounds);
            for (int round = 0; round < rounds; round++) {
                pairs(backend, pairs, row, jdk.fresh(), jdkTally);
                pairs(backend, pairs, row, whole.fresh(), wholeTally);
            }
            System.out.printf("%-36s %10s %10s %12s %24s%n", "row", "answered", "aborted", "failed",
                    "failed per 10,000 aborts");
            print("JDK client's send", jdkTally);
            print("WholeAnswers (Apache HttpClient)", wholeTally);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static HttpRequest.Builder post(URI uri) {
        return HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("{}"));
    }

    private static void print(String name, Tally tally) {
        System.out.printf("%-36s %10d %10d %12d %24.2f%n", name, tally.answered().get(), tally.aborted().get(),
                tally.failed().get(), 10_000.0 * tally.failed().get() / Math.max(1, tally.aborted().get()));
    }

    /** {@code pairs} threads, each making pairs of calls on one client for {@code row}. */
    private static void pairs(URI backend, int pairs, Duration row, Call call, Tally tally) throws Exception {
        ExecutorService abortable = Executors.newCachedThreadPool();
        long end = System.nanoTime() + row.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            Thread pair = new Thread(() -> {
                while (System.nanoTime() < end) {
                    AtomicBoolean abortAsked = new AtomicBoolean();
                    Future<?> toAbort = abortable.submit(() -> count(call, backend.resolve("/aborted"),
                            abortAsked, tally));
                    count(call, backend.resolve("/partner"), new AtomicBoolean(), tally);
                    abortAsked.set(true);
                    toAbort.cancel(true);
                }
            });
            pair.start();
            threads.add(pair);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        abortable.shutdownNow();
    }

    private static void count(Call call, URI uri, AtomicBoolean abortAsked, Tally tally) {
        try {
            if (call.send(uri)) {
                tally.answered().incrementAndGet();
            }
        } catch (InterruptedException e) {
            tally.aborted().incrementAndGet();
        } catch (IOException | BackendException e) {
            boolean aborted = abortAsked.get() || Thread.currentThread().isInterrupted()
                    || e instanceof BackendException b && b.kind() == BackendException.Kind.CANCELLED;
            (aborted ? tally.aborted() : tally.failed()).incrementAndGet();
        } catch (Exception e) {
            tally.failed().incrementAndGet();
        }
    }
}
