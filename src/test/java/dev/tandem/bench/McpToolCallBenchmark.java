package dev.tandem.bench;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ProducerTemplate;

/**
 * MCP {@code tools/call} over Streamable HTTP (JSON answers) against calling the same tool route directly, in the
 * same JVM and run: for an in-memory tool ({@code ingest_status}) and for {@code search_documents}, in both eras of
 * the protocol (a 2025-11-25 session, and 2026-07-28 requests that each carry their {@code _meta} and headers). Prints p50/p99
 * of sequential calls, the added latency, and the maximum calls/s with N concurrent clients.
 * Tandem runs as deployed: the HTTP guard checks Host, Origin and the bearer token of every call ({@code --token},
 * a fixed one by default), and the MCP calls send it.
 * <p>
 * Usage: {@code bench/mcp-tool-call [--calls 2000] [--clients 32] [--seconds 15] [--documents 50] [--token T]}
 */
public final class McpToolCallBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int calls = 2000;
        int clients = 32;
        double seconds = 15;
        int documents = 50;
        String token = "bench-token-0123456789abcdef";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--calls" -> calls = Integer.parseInt(args[++i]);
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--documents" -> documents = Integer.parseInt(args[++i]);
                case "--token" -> token = args[++i];
                default -> throw new IllegalArgumentException("Unknown argument " + args[i]);
            }
        }
        Path dataDir = BenchCluster.DEFAULT_DATA_DIR.toAbsolutePath();
        Path inbox = dataDir.resolve("mcp-app").resolve("inbox");
        try (LlmBenchSetup setup = LlmBenchSetup.start(dataDir, Map.of("tandem.inbox", inbox.toString(),
                "tandem.es.index", "bench-mcp-" + System.currentTimeMillis(), "tandem.mcp.token", token));
                HttpLoad load = new HttpLoad(clients)) {
            ingest(setup, inbox, documents, token);
            Map<String, String> session = McpBenchSession.open(setup.port, Map.of("Authorization", "Bearer " + token));
            ProducerTemplate producer = setup.camel().createProducerTemplate();
            System.out.printf("%nMCP tools/call over Streamable HTTP (JSON) vs the tool's route called directly;"
                    + " %d sequential calls, then %d clients for %.0f s%n", calls, clients, seconds);
            System.out.printf("%-18s %-14s %9s %9s %11s %9s%n", "tool", "path", "p50 ms", "p99 ms", "calls/s",
                    "ok %");
            List<String> summary = new ArrayList<>();
            for (Map<String, Object> arguments : List.<Map<String, Object>>of(Map.of(),
                    Map.of("query", "treatment of heart disease in older patients", "k", 5))) {
                String tool = arguments.isEmpty() ? "ingest_status" : "search_documents";
                Map<String, HttpLoad.Target> eras = new LinkedHashMap<>();
                String sessionBody = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method",
                        "tools/call", "params", Map.of("name", tool, "arguments", arguments)));
                eras.put("2025-11-25", new HttpLoad.Target("mcp", setup.port, "/mcp", i -> sessionBody, session));
                String statelessBody = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method",
                        "tools/call", "params", Map.of("name", tool, "arguments", arguments, "_meta", Map.of(
                                "io.modelcontextprotocol/protocolVersion", "2026-07-28",
                                "io.modelcontextprotocol/clientCapabilities", Map.of(),
                                "io.modelcontextprotocol/clientInfo", Map.of("name", "bench", "version", "1")))));
                eras.put("2026-07-28", new HttpLoad.Target("mcp", setup.port, "/mcp", i -> statelessBody, Map.of(
                        "Authorization", "Bearer " + token, "MCP-Protocol-Version", "2026-07-28",
                        "Mcp-Method", "tools/call", "Mcp-Name", tool, "Accept", "application/json, text/event-stream")));
                String endpoint = "direct:tool-" + tool;
                // warm every path
                directSequential(producer, endpoint, arguments, calls / 4);
                for (HttpLoad.Target mcp : eras.values()) {
                    load.closedLoop(mcp, 1, 60, calls / 4, false);
                    // a 200 can carry a JSON-RPC error: measure only a path that answers with the tool's result
                    String answer = load.closedLoop(mcp, 1, 60, 1, true).outcomes().get(0).body();
                    if (answer == null || !answer.contains("\"result\"") || answer.contains("\"isError\":true")) {
                        throw new IllegalStateException("tools/call " + tool + " did not answer with a result: "
                                + answer);
                    }
                }

                double[] direct = directSequential(producer, endpoint, arguments, calls);
                double directMax = directConcurrent(producer, endpoint, arguments, clients, seconds);
                double directP50 = percentile(direct, 50);
                double directP99 = percentile(direct, 99);
                System.out.printf("%-18s %-14s %9.3f %9.3f %11.0f %9.2f%n", tool, "direct", directP50, directP99,
                        directMax, 100.0);
                for (Map.Entry<String, HttpLoad.Target> era : eras.entrySet()) {
                    HttpLoad.Run viaMcp = load.closedLoop(era.getValue(), 1, 600, calls, false);
                    HttpLoad.Run mcpMax = load.closedLoop(era.getValue(), clients, seconds, -1, false);
                    System.out.printf("%-18s %-14s %9.3f %9.3f %11.0f %9.2f%n", tool, "mcp " + era.getKey(),
                            viaMcp.percentileMs(50), viaMcp.percentileMs(99), mcpMax.achievedPerSecond(),
                            mcpMax.successPct());
                    summary.add(String.format("%-18s MCP %s adds p50 %.3f ms (goal <= 1: %s), p99 %.3f ms; max %.0f"
                            + " calls/s via MCP (%.2f %% ok), %.0f direct, ratio %.2f", tool, era.getKey(),
                            viaMcp.percentileMs(50) - directP50, viaMcp.percentileMs(50) - directP50 <= 1 ? "met"
                                    : "NOT met", viaMcp.percentileMs(99) - directP99, mcpMax.achievedPerSecond(),
                            mcpMax.successPct(), directMax, mcpMax.achievedPerSecond() / directMax));
                }
            }
            summary.forEach(System.out::println);
            System.out.println("goal for the in-memory tool: >= 2,000 calls/s");
            System.out.println("command: bench/mcp-tool-call " + String.join(" ", args));
        }
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
                + "/api/ingest/status")).header("Authorization", "Bearer " + token).build();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> {
            var counts = JSON.readTree(http.send(status, HttpResponse.BodyHandlers.ofString()).body());
            return counts.get("indexed").asInt() + counts.get("unchanged").asInt() >= documents;
        });
        System.out.printf("%d documents indexed%n", documents);
    }

    private static double[] directSequential(ProducerTemplate producer, String endpoint, Map<String, Object> arguments,
            int calls) {
        double[] millis = new double[calls];
        for (int i = 0; i < calls; i++) {
            long started = System.nanoTime();
            producer.requestBody(endpoint, new LinkedHashMap<>(arguments));
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(millis);
        return millis;
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

    private static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
