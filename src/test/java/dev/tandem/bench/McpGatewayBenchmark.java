package dev.tandem.bench;

import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.mcp.gateway.ModernUpstreamServers;
import dev.tandem.mcp.gateway.UpstreamServers;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * The MCP gateway's cost, in one run: {@code tools/call} of server-everything's {@code echo} through Tandem's
 * {@code /mcp} against the MCP Java SDK client calling the same upstream itself, for its Streamable HTTP mode and
 * for stdio, and for a 2026-07-28 server of the TypeScript SDK v2 (against the same client Tandem puts under its
 * SDK client for that revision) (p50/p99 of sequential calls, the latency added, max calls/s with N clients); then
 * {@code tools/list}
 * with 10 upstreams of 20 tools each, one of them hung (p50, every tool in one page).
 * <p>
 * Both sides share one client per upstream among all their callers, as Tandem does. The baselines use the transports
 * Tandem gives its upstreams: for stdio the SDK's, with its sends serialised by a lock (the SDK's own fails callers
 * that contend for its queue with "Failed to enqueue message"); for HTTP the SDK's, its JDK client handling answers
 * on the thread that read them (the best a direct client does).
 * <p>
 * Usage: {@code bench/mcp-gateway [--calls 1000] [--clients 16] [--seconds 10] [--lists 500]}
 */
public final class McpGatewayBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USAGE = "bench/mcp-gateway [--calls 1000] [--clients 16] [--seconds 10] [--lists 500]";
    private static final int TOOLS_PER_UPSTREAM = 20;
    private static final int LISTED_UPSTREAMS = 9;

    private McpGatewayBenchmark() {
    }

    public static void main(String[] args) {
        BenchRun.main("mcp-gateway", args, McpGatewayBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        BenchArgs options = BenchArgs.parse(args, USAGE, Set.of("--calls", "--clients", "--seconds", "--lists"),
                Set.of(), 0);
        int calls = options.integer("--calls", 1000);
        int clients = options.integer("--clients", 16);
        double seconds = options.decimal("--seconds", 10);
        int lists = options.integer("--lists", 500);
        Path dataDir = options.dataDir().toAbsolutePath();
        Path appDir = Files.createDirectories(dataDir.resolve("mcp-gateway-app"));
        try (UpstreamServers upstreams = UpstreamServers.install();
                ModernUpstreamServers modernServers = ModernUpstreamServers.install();
                ServerSocket hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String webUrl = upstreams.startEverythingHttp();
            Map<String, Object> servers = new LinkedHashMap<>();
            servers.put("web", Map.of("type", "http", "url", webUrl));
            servers.put("local", upstreams.everythingStdio(Map.of(), "tandem-bench-local"));
            String modernUrl = modernServers.start(60_000);
            servers.put("modern", Map.of("type", "http", "url", modernUrl));
            for (int i = 0; i < LISTED_UPSTREAMS; i++) {
                servers.put("many" + i, upstreams.manyTools(TOOLS_PER_UPSTREAM - 1)); // and add_tool
            }
            // accepts connections (the backlog does) and never answers: its initialize hangs for the whole run
            servers.put("hung", Map.of("url", "http://127.0.0.1:" + hung.getLocalPort() + "/mcp",
                    "timeoutMs", 3_600_000));
            Path config = appDir.resolve("mcp.json");
            JSON.writeValue(config.toFile(), Map.of("mcpServers", servers));
            try (LlmBenchSetup setup = LlmBenchSetup.start(options, Map.of("tandem.mcp.config", config.toString(),
                    "tandem.mcp.page.size", "1000", "tandem.es.index", "bench-mcp-gateway"));
                    // the transport Tandem gives an HTTP upstream: answers handled on the thread that read them
                    McpSyncClient webDirect = direct(McpClient.sync(UpstreamServers.httpTransport(webUrl)));
                    // the transport Tandem gives a stdio upstream: the SDK's, sends serialised (see UpstreamTransports)
                    McpSyncClient localDirect = direct(McpClient.sync(upstreams.everythingStdioTransport()));
                    // the 2026-07-28 client Tandem gives that upstream, under the SDK client as in Tandem
                    McpSyncClient modernDirect = direct(McpClient.sync(modernServers.transport(modernUrl)))) {
                awaitReady(setup.port, servers.size() - 1);
                Map<String, String> session = McpBenchSession.open(setup.port);
                System.out.printf("%nMCP gateway: tools/call of echo through Tandem vs the SDK client calling the"
                        + " upstream itself; %d sequential calls, then %d clients for %.0f s%n", calls, clients,
                        seconds);
                System.out.printf("%-8s %-8s %9s %9s %11s %9s%n", "upstream", "path", "p50 ms", "p99 ms", "calls/s",
                        "ok %");
                List<String> summary = new ArrayList<>();
                summary.add(compare("web", "http", webDirect, setup.port, session, calls, clients, seconds));
                summary.add(compare("local", "stdio", localDirect, setup.port, session, calls, clients,
                        seconds));
                summary.add(compare("modern", "http-2026", modernDirect, setup.port, session, calls, clients,
                        seconds));
                summary.add(listing(setup.port, session, lists));
                summary.forEach(System.out::println);
                System.out.println("goals: <= 1 ms p50 added over HTTP; stdio limited by the upstream itself;"
                        + " tools/list p50 <= 10 ms");
            }
        }
    }

    private static McpSyncClient direct(McpClient.SyncSpec spec) {
        McpSyncClient client = spec.requestTimeout(Duration.ofSeconds(30)).build();
        client.initialize();
        return client;
    }

    private static String compare(String server, String transport, McpSyncClient direct, int port,
            Map<String, String> session, int calls, int clients, double seconds) throws Exception {
        // a client of its own per part: connections left by one part's load do not carry into the next
        try (HttpLoad load = new HttpLoad(clients)) {
            return compare(server, transport, direct, load, port, session, calls, clients, seconds);
        }
    }

    private static String compare(String server, String transport, McpSyncClient direct, HttpLoad load, int port,
            Map<String, String> session, int calls, int clients, double seconds) throws Exception {
        String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", "tools/call", "params",
                Map.of("name", server + "__echo", "arguments", Map.of("message", "bench"))));
        HttpLoad.Target proxied = new HttpLoad.Target(server, port, "/mcp", i -> body, session);
        HttpLoad.Run check = load.closedLoop(proxied, 1, 30, 1, true);
        if (!check.outcomes().get(0).body().contains("Echo: bench")) {
            throw new IllegalStateException("The proxied call did not echo: " + check.outcomes().get(0).body());
        }
        // warm both paths
        sequential(direct, calls / 4);
        load.closedLoop(proxied, 1, 60, calls / 4, false);

        double[] directMillis = sequential(direct, calls);
        HttpLoad.Run viaTandem = load.closedLoop(proxied, 1, 600, calls, false);
        double directMax = concurrent(direct, clients, seconds);
        HttpLoad.Run tandemMax = load.closedLoop(proxied, clients, seconds, -1, false);

        double directP50 = Percentiles.nearestRank(directMillis, 50);
        double directP99 = Percentiles.nearestRank(directMillis, 99);
        System.out.printf("%-8s %-8s %9.3f %9.3f %11.0f %9.2f%n", transport, "direct", directP50, directP99, directMax,
                100.0);
        System.out.printf("%-8s %-8s %9.3f %9.3f %11.0f %9.2f%n", transport, "tandem", viaTandem.percentileMs(50),
                viaTandem.percentileMs(99), tandemMax.achievedPerSecond(), tandemMax.successPct());
        double added = viaTandem.percentileMs(50) - directP50;
        return String.format("%-5s Tandem adds p50 %.3f ms%s, p99 %.3f ms; max %.0f calls/s through Tandem"
                + " (%.2f %% ok), %.0f direct, ratio %.2f", transport, added, transport.equals("http")
                        ? " (goal <= 1: " + (added <= 1 ? "met" : "NOT met") + ")" : "",
                viaTandem.percentileMs(99) - directP99, tandemMax.achievedPerSecond(), tandemMax.successPct(),
                directMax, tandemMax.achievedPerSecond() / directMax);
    }

    private static String listing(int port, Map<String, String> session, int lists) throws Exception {
        try (HttpLoad load = new HttpLoad(1)) {
            return listing(load, port, session, lists);
        }
    }

    private static String listing(HttpLoad load, int port, Map<String, String> session, int lists) throws Exception {
        String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", "tools/list"));
        HttpLoad.Target target = new HttpLoad.Target("tools/list", port, "/mcp", i -> body, session);
        HttpLoad.Run check = load.closedLoop(target, 1, 30, 1, true);
        int listed = JSON.readTree(check.outcomes().get(0).body()).get("result").get("tools").size();
        load.closedLoop(target, 1, 60, lists / 4, false);
        HttpLoad.Run run = load.closedLoop(target, 1, 600, lists, false);
        System.out.printf("%ntools/list, %d upstreams of %d tools + one hung, %d tools in one page: p50 %.3f ms,"
                + " p99 %.3f ms%n", LISTED_UPSTREAMS + 1, TOOLS_PER_UPSTREAM, listed, run.percentileMs(50),
                run.percentileMs(99));
        return String.format("tools/list p50 %.3f ms with one upstream hung (goal <= 10: %s), %d tools listed",
                run.percentileMs(50), run.percentileMs(50) <= 10 ? "met" : "NOT met", listed);
    }

    /** Every upstream but the hung one ready (it stays starting: its initialize never gets an answer). */
    private static void awaitReady(int port, int expected) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/mcp/servers"))
                .build();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode servers = JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body())
                    .get("servers");
            int ready = 0;
            for (JsonNode server : servers) {
                ready += "ready".equals(server.get("state").asText()) ? 1 : 0;
            }
            return ready == expected;
        });
    }

    private static double[] sequential(McpSyncClient client, int calls) {
        double[] millis = new double[calls];
        McpSchema.CallToolRequest echo = new McpSchema.CallToolRequest("echo", Map.of("message", "bench"));
        for (int i = 0; i < calls; i++) {
            long started = System.nanoTime();
            client.callTool(echo);
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        return millis;
    }

    private static double concurrent(McpSyncClient client, int clients, double seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger done = new AtomicInteger();
        McpSchema.CallToolRequest echo = new McpSchema.CallToolRequest("echo", Map.of("message", "bench"));
        long begin = System.nanoTime();
        long end = begin + (long) (seconds * 1e9);
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    client.callTool(echo);
                    done.incrementAndGet();
                }
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        return done.get() / ((System.nanoTime() - begin) / 1e9);
    }
}
