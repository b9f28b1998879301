package dev.tandem.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.UnixOperatingSystemMXBean;

/**
 * Mixed load at a fixed rate for minutes, against Tandem as deployed (guard and token on): search, ask through the
 * emulators, MCP tool calls and health, each at a quarter of the rate. Prints the errors, p50/p99 per kind in the
 * first and the last window, and the heap after a full GC, threads and open file descriptors at the start and the end
 * (goal: 0 errors, flat resources; end/start ratios are printed).
 * <p>
 * Usage: {@code bench/soak [--minutes 10] [--rate 40] [--documents 50]}; the window is a minute, or a quarter of a
 * shorter run.
 */
public final class SoakBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "soak-token-0123456789abcdef";

    private record Resources(long heapAfterGcBytes, int threads, long openFiles) {

        static Resources now() {
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long files = ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                    ? unix.getOpenFileDescriptorCount() : -1;
            return new Resources(heap, ManagementFactory.getThreadMXBean().getThreadCount(), files);
        }
    }

    public static void main(String[] args) {
        BenchRun.main("soak", args, SoakBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        BenchArgs arguments = BenchArgs.parse(args, "SoakBenchmark [--minutes 10] [--rate 40] [--documents 50]",
                Set.of("--minutes", "--rate", "--documents"), Set.of(), 0);
        double minutes = arguments.decimal("--minutes", 10);
        double rate = arguments.decimal("--rate", 40);
        int documents = arguments.integer("--documents", 50);
        Path inbox = arguments.dataDir().toAbsolutePath().resolve("soak-app").resolve("inbox");
        double seconds = minutes * 60;
        double window = Math.min(60, seconds / 4);
        Map<String, String> auth = Map.of("Authorization", "Bearer " + TOKEN);
        try (LlmBenchSetup setup = LlmBenchSetup.start(arguments, Map.of("tandem.inbox", inbox.toString(),
                "tandem.es.index", "bench-soak-" + System.currentTimeMillis(), "tandem.mcp.token", TOKEN,
                "tandem.llm.strategy", "hedge"));
                HttpLoad load = new HttpLoad(64)) {
            // the emulators share Tandem's heap here: kept, the bodies of 12,000 asks would read as Tandem's growth
            setup.ollama.keepRequests(false);
            setup.openai.keepRequests(false);
            McpToolCallBenchmark.ingest(setup, inbox, documents, TOKEN);
            Map<String, String> session = McpBenchSession.open(setup.port, auth);
            List<HttpLoad.Target> kinds = List.of(
                    new HttpLoad.Target("search", setup.port, "/api/search", body(Map.of("query",
                            "treatment of heart disease", "k", 5)), auth),
                    new HttpLoad.Target("ask", setup.port, "/api/ask", body(Map.of("question",
                            "What do the studies say about sleep?")), auth),
                    new HttpLoad.Target("mcp", setup.port, "/mcp", body(Map.of("jsonrpc", "2.0", "id", 1, "method",
                            "tools/call", "params", Map.of("name", "search_documents", "arguments",
                                    Map.of("query", "blood pressure", "k", 3)))), session),
                    new HttpLoad.Target("health", setup.port, "/observe/health", null, auth));
            // warm every path, so that the first window measures a running system, not class loading
            for (HttpLoad.Target kind : kinds) {
                load.closedLoop(kind, 1, 30, 50, false);
            }
            Resources start = Resources.now();
            System.out.printf("%nSoak: %.1f min at %.0f requests/s (%.1f/s each of %d kinds), windows of %.0f s%n",
                    minutes, rate, rate / kinds.size(), kinds.size(), window);
            double perKind = rate / kinds.size();
            ExecutorService runners = Executors.newFixedThreadPool(kinds.size());
            List<CompletableFuture<HttpLoad.Run>> running = new ArrayList<>();
            for (HttpLoad.Target kind : kinds) {
                running.add(CompletableFuture.supplyAsync(() -> load.openLoop(kind, perKind, seconds, false),
                        runners));
            }
            List<HttpLoad.Run> runs = running.stream().map(CompletableFuture::join).toList();
            runners.shutdown();
            Resources end = Resources.now();

            int windowRequests = (int) Math.round(perKind * window);
            System.out.printf("%-8s %9s %8s %12s %12s %12s %12s%n", "kind", "requests", "errors", "p50 first",
                    "p50 last", "p99 first", "p99 last");
            long errors = 0;
            for (HttpLoad.Run run : runs) {
                List<HttpLoad.Outcome> all = run.outcomes();
                long failed = all.stream().filter(o -> !o.ok()).count();
                errors += failed;
                HttpLoad.Run first = new HttpLoad.Run(run.name(), all.stream().filter(o -> o.index() < windowRequests)
                        .toList(), 0);
                HttpLoad.Run last = new HttpLoad.Run(run.name(), all.stream().filter(o -> o.index() >= all.size()
                        - windowRequests).toList(), 0);
                System.out.printf("%-8s %9d %8d %9.1f ms %9.1f ms %9.1f ms %9.1f ms%n", run.name(), all.size(), failed,
                        first.percentileMs(50), last.percentileMs(50), first.percentileMs(99), last.percentileMs(99));
            }
            System.out.printf("%-20s %12s %12s %8s%n", "resource", "start", "end", "end/start");
            row("heap after GC (MB)", start.heapAfterGcBytes() / 1e6, end.heapAfterGcBytes() / 1e6);
            row("threads", start.threads(), end.threads());
            row("open files", start.openFiles(), end.openFiles());
            System.out.printf("errors: %d (goal 0)%n", errors);
        }
    }

    private static void row(String name, double start, double end) {
        System.out.printf("%-20s %12.1f %12.1f %8.2f%n", name, start, end, end / start);
    }

    private static IntFunction<String> body(Object value) throws Exception {
        String json = JSON.writeValueAsString(value);
        return i -> json;
    }
}
