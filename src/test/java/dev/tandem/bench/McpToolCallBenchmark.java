package dev.tandem.bench;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.mcp.modern.RoundRobinProxy;
import org.apache.camel.ProducerTemplate;

/**
 * MCP {@code tools/call} over Streamable HTTP (JSON answers) against calling the same tool route directly, in the
 * same JVM and run: for an in-memory tool ({@code ingest_status}) and for {@code search_documents}, in both eras of
 * the protocol (a 2025-11-25 session, and 2026-07-28 requests that each carry their {@code _meta} and headers), and
 * 2026-07-28 calls through a round-robin proxy to one Tandem and to two replicas (the same settings and
 * {@code TANDEM_MCP_STATE_KEY}, a second Tandem in this JVM). Sequential calls of every path are interleaved, one
 * each in turn, so the machine's load weighs on each alike; prints p50/p99, the added latency, the maximum calls/s
 * with N concurrent clients, and the ratio of two replicas to one behind the proxy (which separates the replica
 * count from the proxy's own cost). Tandem runs as deployed: the HTTP guard checks Host, Origin and the bearer token
 * of every call ({@code --token}, a fixed one by default), and the MCP calls send it.
 * <p>
 * Usage: {@code bench/mcp-tool-call [--calls 2000] [--clients 32] [--seconds 15] [--documents 50] [--token T]}
 */
public final class McpToolCallBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USAGE = "bench/mcp-tool-call [--calls 2000] [--clients 32] [--seconds 15]"
            + " [--documents 50] [--token T]";
    private static final String STATE_KEY = Base64.getEncoder().encodeToString("bench replicas share this key!!!"
            .getBytes(StandardCharsets.US_ASCII));

    public static void main(String[] args) {
        BenchRun.main("mcp-tool-call", args, McpToolCallBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        BenchArgs arguments = BenchArgs.parse(args, USAGE, Set.of("--calls", "--clients", "--seconds",
                "--documents", "--token"), Set.of(), 0);
        int calls = arguments.integer("--calls", 2000);
        int clients = arguments.integer("--clients", 32);
        double seconds = arguments.decimal("--seconds", 15);
        int documents = arguments.integer("--documents", 50);
        String token = arguments.text("--token", "bench-token-0123456789abcdef");
        Path inbox = arguments.dataDir().toAbsolutePath().resolve("mcp-app").resolve("inbox");
        Path replicaDir = arguments.dataDir().toAbsolutePath().resolve("mcp-replica-b");
        try (LlmBenchSetup setup = LlmBenchSetup.start(arguments, Map.of("tandem.inbox", inbox.toString(),
                "tandem.es.index", "bench-mcp-" + System.currentTimeMillis(), "tandem.mcp.token", token,
                "tandem.mcp.state.key", STATE_KEY));
                HttpLoad load = new HttpLoad(clients)) {
            ingest(setup, inbox, documents, token);
            // the same index and settings; its own folder and an empty inbox, so that it ingests nothing
            try (BenchApp replica = setup.replica(Map.of("tandem.data.dir", replicaDir.toString(), "tandem.inbox",
                    Files.createDirectories(replicaDir.resolve("inbox")).toString()));
                    RoundRobinProxy toOne = RoundRobinProxy.start(List.of(local(setup.port)));
                    RoundRobinProxy toTwo = RoundRobinProxy.start(List.of(local(setup.port), local(replica.port)))) {
                measure(setup, load, token, calls, clients, seconds, port(toOne), port(toTwo));
            }
        }
    }

    private static void measure(LlmBenchSetup setup, HttpLoad load, String token, int calls, int clients,
            double seconds, int toOne, int toTwo) throws Exception {
        Map<String, String> session = McpBenchSession.open(setup.port, Map.of("Authorization", "Bearer " + token));
        ProducerTemplate producer = setup.camel().createProducerTemplate();
        System.out.printf("%nMCP tools/call over Streamable HTTP (JSON) vs the tool's route called directly;"
                + " %d sequential calls of each path in turn, then %d clients for %.0f s each%n", calls, clients,
                seconds);
        System.out.printf("%-18s %-26s %9s %9s %11s %9s%n", "tool", "path", "p50 ms", "p99 ms", "calls/s", "ok %");
        List<String> summary = new ArrayList<>();
        for (Map<String, Object> toolArguments : List.<Map<String, Object>>of(Map.of(),
                Map.of("query", "treatment of heart disease in older patients", "k", 5))) {
            String tool = toolArguments.isEmpty() ? "ingest_status" : "search_documents";
            Map<String, HttpLoad.Target> paths = new LinkedHashMap<>();
            String sessionBody = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method",
                    "tools/call", "params", Map.of("name", tool, "arguments", toolArguments)));
            paths.put("mcp 2025-11-25", new HttpLoad.Target("mcp", setup.port, "/mcp", i -> sessionBody, session));
            String statelessBody = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method",
                    "tools/call", "params", Map.of("name", tool, "arguments", toolArguments, "_meta", Map.of(
                            "io.modelcontextprotocol/protocolVersion", "2026-07-28",
                            "io.modelcontextprotocol/clientCapabilities", Map.of(),
                            "io.modelcontextprotocol/clientInfo", Map.of("name", "bench", "version", "1")))));
            Map<String, String> statelessHeaders = Map.of("Authorization", "Bearer " + token,
                    "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call", "Mcp-Name", tool,
                    "Accept", "application/json, text/event-stream");
            paths.put("mcp 2026-07-28", new HttpLoad.Target("mcp", setup.port, "/mcp", i -> statelessBody,
                    statelessHeaders));
            paths.put("2026-07-28 proxy, 1 replica", new HttpLoad.Target("proxy-1", toOne, "/mcp",
                    i -> statelessBody, statelessHeaders));
            paths.put("2026-07-28 proxy, 2 replicas", new HttpLoad.Target("proxy-2", toTwo, "/mcp",
                    i -> statelessBody, statelessHeaders));
            for (HttpLoad.Target path : paths.values()) {
                // a 200 can carry a JSON-RPC error: measure only a path that answers with the tool's result
                String answer = load.closedLoop(path, 1, 60, 1, true).outcomes().get(0).body();
                if (answer == null || !answer.contains("\"result\"") || answer.contains("\"isError\":true")) {
                    throw new IllegalStateException("tools/call " + tool + " via " + path.name()
                            + " did not answer with a result: " + answer);
                }
            }
            String endpoint = "direct:tool-" + tool;
            Map<String, Interleaved.Call> sequential = new LinkedHashMap<>();
            sequential.put("direct", round -> producer.requestBody(endpoint, new LinkedHashMap<>(toolArguments)));
            paths.forEach((name, target) -> sequential.put(name, round -> once(load, target)));
            Map<String, double[]> millis = Interleaved.millis(sequential, calls + calls / 4, calls / 4);

            double directMax = directConcurrent(producer, endpoint, toolArguments, clients, seconds);
            double directP50 = Percentiles.nearestRank(millis.get("direct"), 50);
            double directP99 = Percentiles.nearestRank(millis.get("direct"), 99);
            System.out.printf("%-18s %-26s %9.3f %9.3f %11.0f %9.2f%n", tool, "direct", directP50, directP99,
                    directMax, 100.0);
            Map<String, Double> max = new LinkedHashMap<>();
            for (Map.Entry<String, HttpLoad.Target> path : paths.entrySet()) {
                double[] own = millis.get(path.getKey());
                HttpLoad.Run concurrent = load.closedLoop(path.getValue(), clients, seconds, -1, false);
                max.put(path.getKey(), concurrent.achievedPerSecond());
                System.out.printf("%-18s %-26s %9.3f %9.3f %11.0f %9.2f%n", tool, path.getKey(),
                        Percentiles.nearestRank(own, 50), Percentiles.nearestRank(own, 99),
                        concurrent.achievedPerSecond(), concurrent.successPct());
                double addedP50 = Percentiles.nearestRank(own, 50) - directP50;
                summary.add(String.format("%-18s %s adds p50 %.3f ms (goal <= 1: %s), p99 %.3f ms; max %.0f calls/s"
                        + " (%.2f %% ok), %.0f direct, ratio %.2f", tool, path.getKey(), addedP50,
                        addedP50 <= 1 ? "met" : "NOT met", Percentiles.nearestRank(own, 99) - directP99,
                        concurrent.achievedPerSecond(), concurrent.successPct(), directMax,
                        concurrent.achievedPerSecond() / directMax));
            }
            double one = max.get("2026-07-28 proxy, 1 replica");
            double two = max.get("2026-07-28 proxy, 2 replicas");
            summary.add(String.format("%-18s 2026-07-28 behind the proxy: 2 replicas %.0f calls/s, 1 replica %.0f,"
                    + " ratio %.2f", tool, two, one, two / one));
        }
        summary.forEach(System.out::println);
        System.out.println("goal for the in-memory tool: >= 2,000 calls/s");
        System.out.printf("the replicas, the proxy and the clients share this machine's %d cpus: two replicas scale"
                + " only where the proxy and clients have cores to spare%n", Runtime.getRuntime()
                .availableProcessors());
    }

    /** One call on its own; a failed one ends the benchmark, since its time would mean nothing. */
    private static void once(HttpLoad load, HttpLoad.Target target) {
        HttpLoad.Outcome outcome = load.closedLoop(target, 1, 60, 1, false).outcomes().get(0);
        if (!outcome.ok()) {
            throw new IllegalStateException("tools/call via " + target.name() + " answered " + outcome.status());
        }
    }

    private static String local(int port) {
        return "http://127.0.0.1:" + port;
    }

    private static int port(RoundRobinProxy proxy) {
        return URI.create(proxy.baseUrl()).getPort();
    }

    /** Documents for search_documents: generated sentences, enough words for BM25 and vectors to work on. */
    static void ingest(LlmBenchSetup setup, Path inbox, int documents, String token) throws Exception {
        String[] topics = {"heart disease", "older patients", "treatment", "vaccines", "sleep", "exercise",
            "diet", "blood pressure", "memory", "genetics"};
        Files.createDirectories(inbox);
        for (int i = 0; i < documents; i++) {
            StringBuilder text = new StringBuilder("# Study " + i + "\n\n");
            for (int s = 0; s < 20; s++) {
                text.append("This study looks at ").append(topics[(i + s) % topics.length]).append(" and ")
                        .append(topics[(i * 3 + s) % topics.length]).append(" in a group of ").append(20 + s)
                        .append(" people. ");
            }
            Files.writeString(inbox.resolve("study-" + i + ".md"), text);
        }
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest status = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + setup.port
                + "/api/ingest/status")).timeout(HttpLoad.DEADLINE).header("Authorization", "Bearer " + token).build();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> {
            var counts = JSON.readTree(http.send(status, HttpResponse.BodyHandlers.ofString()).body());
            return counts.get("indexed").asInt() + counts.get("unchanged").asInt() >= documents;
        });
        System.out.printf("%d documents indexed%n", documents);
    }

    private static double directConcurrent(ProducerTemplate producer, String endpoint, Map<String, Object> arguments,
            int clients, double seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger done = new AtomicInteger();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long begin = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    producer.requestBody(endpoint, new LinkedHashMap<>(arguments));
                    done.incrementAndGet();
                }
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        pool.shutdown();
        return done.get() / ((System.nanoTime() - begin) / 1e9);
    }
}
