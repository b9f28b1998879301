package dev.tandem.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;

/**
 * What the gateway adds to a chat completion: {@code POST /v1/chat/completions} with model {@code tandem}, strategy
 * {@code hedge} (no retrieval), against the same request sent straight to the OpenAI emulator by the same client in
 * the same run. Both emulators answer in a fixed 50 ms, from a process of their own ({@link GatewayEmulatorsProcess}),
 * so that what they cost is not measured as Tandem's or the load generator's. Loads: open loop at fixed rates, then
 * closed loop with N clients (the maximum), each pausing 0 to {@value #OUT_OF_STEP_MS} ms before its next request so
 * that the clients do not send in step. Added latency = Tandem - direct, at p50 and p99. With {@code --tools N} every
 * load is also measured with N function tools in the request and a tool call as the answer (checked against its
 * schema by Tandem), direct and through Tandem, so the overhead with tools can be set against the overhead without.
 *
 * <p>Usage: {@code [--rates 100,500] [--clients 64] [--seconds 20] [--warmup-seconds 10] [--warmup-max-seconds 180]
 * [--delay-ms 50] [--data-dir DIR] [--app-property KEY=VALUE] [--explore N] [--strategy hedge] [--tools 20]}; the
 * warm-up lasts at least {@code --warmup-seconds} and then until the JIT is quiet ({@link JitWarmUp}), at most
 * {@code --warmup-max-seconds}; {@code --explore N} first sends N sequential requests and splits Tandem's time with
 * its own plan timings (before the provider call, the call, after it), then sends N through each of Tandem's variants
 * and through two bare relays ({@link RelayFloor}): the floor that no gateway code can take off.
 */
public final class GatewayOverheadBenchmark {

    private static final String QUESTION = "What is the capital of France?";
    /** Requests whose answers are read to count the tool calls, outside the measured rows. */
    private static final int TOOL_CHECK = 500;
    /**
     * The longest pause of a closed-loop client before its next request. Without pauses, clients whose answers all
     * take 50 ms send in bursts, and the direct request without tools, the smallest, came back about 1 ms slower than
     * the same request with 20 tools: a difference of the bursts, not of the gateway.
     */
    private static final int OUT_OF_STEP_MS = 2;

    private GatewayOverheadBenchmark() {
    }

    /** One load level, measured direct and through Tandem. */
    record Row(String load, HttpLoad.Run direct, HttpLoad.Run tandem) {

        double addedP50() {
            return tandem.percentileMs(50) - direct.percentileMs(50);
        }

        double addedP99() {
            return tandem.percentileMs(99) - direct.percentileMs(99);
        }
    }

    public static void main(String[] args) {
        BenchRun.main("llm-gateway-overhead", args, GatewayOverheadBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        BenchArgs arguments = BenchArgs.parse(args, "GatewayOverheadBenchmark [--rates 100,500] [--clients 64]"
                + " [--seconds 20] [--warmup-seconds 10] [--warmup-max-seconds 180] [--delay-ms 50] [--explore N]"
                + " [--strategy hedge] [--tools 20]",
                Set.of("--rates", "--clients", "--seconds", "--warmup-seconds", "--delay-ms", "--explore", "--strategy",
                        "--tools", "--warmup-max-seconds"),
                Set.of(), 0);
        List<Double> rates = Arrays.stream(arguments.text("--rates", "100,500").split(",")).map(Double::parseDouble)
                .toList();
        int clients = arguments.integer("--clients", 64);
        double seconds = arguments.decimal("--seconds", 20);
        double warmupSeconds = arguments.decimal("--warmup-seconds", 10);
        double warmupMaxSeconds = arguments.decimal("--warmup-max-seconds", 180);
        long delayMs = arguments.whole("--delay-ms", 50);
        int explore = arguments.integer("--explore", 0);
        String strategy = arguments.text("--strategy", "hedge");
        int tools = arguments.integer("--tools", 0);
        Duration delay = Duration.ofMillis(delayMs);
        try (GatewayEmulatorsProcess emulators = GatewayEmulatorsProcess.start(delay);
                LlmBenchSetup setup = LlmBenchSetup.startAgainst(arguments, Map.of(
                        "tandem.llm.provider.timeout.ms", "5000",
                        "tandem.llm.local.timeout.ms", "5000"), emulators.ollamaUrl, emulators.openaiUrl);
                HttpLoad load = new HttpLoad(1024)) {
            String tandemBody = "{\"model\":\"tandem\",\"messages\":[{\"role\":\"user\",\"content\":\"" + QUESTION
                    + "\"}],\"tandem\":{\"strategy\":\"" + strategy
                    + "\",\"retrieve\":false}}";
            String directBody = "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"" + QUESTION
                    + "\"}]}";
            HttpLoad.Target tandem = new HttpLoad.Target("tandem", setup.port, "/v1/chat/completions", i -> tandemBody);
            HttpLoad.Target direct = new HttpLoad.Target("direct", emulators.openaiPort(), "/v1/chat/completions",
                    i -> directBody, Map.of("Authorization", "Bearer " + LlmBenchSetup.API_KEY));

            HttpLoad.Target tandemTools = null;
            HttpLoad.Target directTools = null;
            if (tools > 0) {
                String offered = ToolRequests.tools(tools);
                tandemTools = new HttpLoad.Target("tandem+tools", setup.port, "/v1/chat/completions",
                        i -> ToolRequests.withTools(tandemBody, offered));
                directTools = new HttpLoad.Target("direct+tools", emulators.openaiPort(), "/v1/chat/completions",
                        i -> ToolRequests.withTools(directBody, offered),
                        Map.of("Authorization", "Bearer " + LlmBenchSetup.API_KEY));
            }
            HttpLoad.Target warmTools = tandemTools;
            System.out.printf("warm-up: %d clients on Tandem%s for at least %.0f s, until the JIT is quiet (at most"
                    + " %.0f s); then %.0f s direct%n", clients, tools > 0 ? ", with and without tools," : "",
                    warmupSeconds, warmupMaxSeconds, warmupSeconds / 2);
            JitWarmUp.Outcome warm = JitWarmUp.until(slice -> {
                load.closedLoop(tandem, clients, warmTools == null ? slice : slice / 2, -1, false);
                if (warmTools != null) {
                    load.closedLoop(warmTools, clients, slice / 2, -1, false);
                }
            }, warmupSeconds, warmupMaxSeconds);
            System.out.println("warm-up: " + warm);
            load.closedLoop(direct, clients, warmupSeconds / 2, -1, false);

            if (explore > 0) {
                explore(load, tandem, direct, explore);
            }
            long compiledBeforeRows = JitWarmUp.compiledMs();
            List<Row> rows = new ArrayList<>();
            List<Row> toolRows = new ArrayList<>();
            for (double rate : rates) {
                HttpLoad.Run d = load.openLoop(direct, rate, seconds, false);
                HttpLoad.Run t = load.openLoop(tandem, rate, seconds, false);
                rows.add(new Row(String.format("open %.0f/s", rate), d, t));
                if (tools > 0) {
                    toolRows.add(new Row(String.format("open %.0f/s", rate), load.openLoop(directTools, rate, seconds,
                            false), load.openLoop(tandemTools, rate, seconds, false)));
                }
            }
            RunCpu cpu = new RunCpu(emulators.pid());
            HttpLoad.Target directWithTools = directTools;
            HttpLoad.Target tandemWithTools = tandemTools;
            HttpLoad.Run d = cpu.measure(() -> load.closedLoop(direct, clients, seconds, -1, false, OUT_OF_STEP_MS));
            HttpLoad.Run t = cpu.measure(() -> load.closedLoop(tandem, clients, seconds, -1, false, OUT_OF_STEP_MS));
            rows.add(new Row("closed " + clients + " clients", d, t));
            if (tools > 0) {
                toolRows.add(new Row("closed " + clients + " clients",
                        cpu.measure(() -> load.closedLoop(directWithTools, clients, seconds, -1, false,
                                OUT_OF_STEP_MS)),
                        cpu.measure(() -> load.closedLoop(tandemWithTools, clients, seconds, -1, false,
                                OUT_OF_STEP_MS))));
            }
            long providerWins = t.outcomes().stream().filter(o -> o.winner() != null && o.winner().startsWith("openai/"))
                    .count();
            long compiledInRows = JitWarmUp.compiledMs() - compiledBeforeRows;
            print(rows, strategy, delayMs, seconds);
            System.out.printf("the JIT compiled for %d ms during the measured rows%n", compiledInRows);
            System.out.printf("closed loop: %d of %d Tandem answers came from the provider%n", providerWins,
                    t.outcomes().size());
            if (tools > 0) {
                // the answers' bodies are read after the measured rows, so that no row decodes and keeps its bodies
                printTools(rows, toolRows, tools, load.closedLoop(tandemTools, clients, seconds, TOOL_CHECK, true));
            }
            printCpu(rows, toolRows, cpu);
        }
    }

    /** Where Tandem's time goes, one request at a time: the plan's provider step against the client's clock. */
    private static void explore(HttpLoad load, HttpLoad.Target tandem, HttpLoad.Target direct, int requests)
            throws Exception {
        HttpLoad.Run d = load.closedLoop(direct, 1, 600, requests, false);
        HttpLoad.Run t = load.closedLoop(tandem, 1, 600, requests, true);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        double[] before = new double[t.outcomes().size()];
        double[] call = new double[before.length];
        double[] after = new double[before.length];
        for (int i = 0; i < before.length; i++) {
            HttpLoad.Outcome o = t.outcomes().get(i);
            for (com.fasterxml.jackson.databind.JsonNode step : json.readTree(o.body()).at("/tandem/plan/steps")) {
                if ("provider".equals(step.path("name").asText())) {
                    before[i] = step.path("start_ms").asDouble();
                    call[i] = step.path("duration_ms").asDouble();
                    after[i] = o.latencyNanos() / 1e6 - before[i] - call[i];
                }
            }
        }
        System.out.printf("%nexplore: %d sequential requests; p50 direct %.2f ms, Tandem %.2f ms; Tandem's plan (ms"
                + " resolution): p50 before the provider call %.1f, provider call %.1f, after it (client clock) %.1f%n",
                requests, d.percentileMs(50), t.percentileMs(50), Percentiles.middle(before), Percentiles.middle(call),
                Percentiles.middle(after));
        Map<String, String> variants = new LinkedHashMap<>();
        variants.put("tandem provider-first (one branch)", "{\"model\":\"tandem\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"" + QUESTION + "\"}],\"tandem\":{\"strategy\":\"provider-first\",\"retrieve\":false}}");
        variants.put("openai/gpt-test addressed directly", "{\"model\":\"openai/gpt-test\",\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"" + QUESTION + "\"}],\"tandem\":{\"retrieve\":false}}");
        variants.put("ollama/llama3.2 addressed directly", "{\"model\":\"ollama/llama3.2\",\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"" + QUESTION + "\"}],\"tandem\":{\"retrieve\":false}}");
        System.out.printf("%-40s %8s %8s%n", "sequential", "p50 ms", "p99 ms");
        System.out.printf("%-40s %8.2f %8.2f%n", "direct to the OpenAI emulator", d.percentileMs(50), d.percentileMs(99));
        System.out.printf("%-40s %8.2f %8.2f%n", "tandem hedge", t.percentileMs(50), t.percentileMs(99));
        java.net.http.HttpClient jdk = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        java.net.http.HttpRequest jdkRequest = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + direct.port() + direct.path())).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(direct.body().apply(0))).build();
        double[] jdkMillis = new double[requests];
        for (int i = 0; i < requests; i++) {
            long started = System.nanoTime();
            jdk.sendAsync(jdkRequest, java.net.http.HttpResponse.BodyHandlers.ofString()).get();
            jdkMillis[i] = (System.nanoTime() - started) / 1e6;
        }
        System.out.printf("%-40s %8.2f %8.2f%n", "JDK HttpClient sendAsync direct", Percentiles.middle(jdkMillis),
                Percentiles.nearestRank(jdkMillis, 99));
        for (Map.Entry<String, String> v : variants.entrySet()) {
            HttpLoad.Run r = load.closedLoop(new HttpLoad.Target(v.getKey(), tandem.port(), tandem.path(),
                    i -> v.getValue()), 1, 600, requests, false);
            System.out.printf("%-40s %8.2f %8.2f  ok %.0f %%%n", v.getKey(), r.percentileMs(50), r.percentileMs(99),
                    r.successPct());
        }
        try (RelayFloor relays = new RelayFloor(direct.port())) {
            Map<String, Integer> floors = new LinkedHashMap<>();
            floors.put("bare relay, event loop, async client", relays.eventLoopPort());
            floors.put("bare relay, worker, blocking client", relays.workerPort());
            for (Map.Entry<String, Integer> floor : floors.entrySet()) {
                HttpLoad.Target relay = new HttpLoad.Target(floor.getKey(), floor.getValue(), direct.path(),
                        direct.body(), direct.headers());
                load.closedLoop(relay, 64, 10, -1, false); // its own warm-up: the relay's code is new to the JIT
                HttpLoad.Run r = load.closedLoop(relay, 1, 600, requests, false);
                System.out.printf("%-40s %8.2f %8.2f  ok %.0f %%%n", floor.getKey(), r.percentileMs(50),
                        r.percentileMs(99), r.successPct());
            }
        }
    }

    private static void print(List<Row> rows, String strategy, long delayMs, double seconds) {
        System.out.printf("%nGateway overhead: POST /v1/chat/completions model tandem, strategy %s, retrieve false;"
                + " both emulators answer in %d ms; %.0f s per row and target%n", strategy, delayMs, seconds);
        System.out.printf("%-18s %-7s %8s %8s %9s %8s %10s %10s%n", "load", "target", "p50 ms", "p99 ms", "req/s",
                "ok %", "+p50 ms", "+p99 ms");
        for (Row row : rows) {
            line(row.load(), row.direct(), "", "");
            line("", row.tandem(),
                    String.format("%.2f", row.tandem().percentileMs(50) - row.direct().percentileMs(50)),
                    String.format("%.2f", row.tandem().percentileMs(99) - row.direct().percentileMs(99)));
        }
        for (Row row : rows) {
            double addedP50 = row.tandem().percentileMs(50) - row.direct().percentileMs(50);
            double addedP99 = row.tandem().percentileMs(99) - row.direct().percentileMs(99);
            System.out.printf("%-18s added p50 %.2f ms (goal <= 1: %s), added p99 %.2f ms (goal <= 5: %s),"
                    + " p50 ratio tandem/direct %.3f%n", row.load(), addedP50, addedP50 <= 1 ? "met" : "NOT met",
                    addedP99, addedP99 <= 5 ? "met" : "NOT met",
                    row.tandem().percentileMs(50) / row.direct().percentileMs(50));
        }
        HttpLoad.Run max = rows.get(rows.size() - 1).tandem();
        System.out.printf("max throughput through Tandem %.0f req/s at %.2f %% success (goal >= 1000 at 100 %%: %s);"
                + " direct %.0f req/s, ratio %.2f%n", max.achievedPerSecond(), max.successPct(),
                max.achievedPerSecond() >= 1000 && max.successPct() == 100 ? "met" : "NOT met",
                rows.get(rows.size() - 1).direct().achievedPerSecond(),
                max.achievedPerSecond() / rows.get(rows.size() - 1).direct().achievedPerSecond());
    }

    /** The overhead with N tools and a tool call answer, against the overhead of the same load without tools. */
    private static void printTools(List<Row> plain, List<Row> withTools, int tools, HttpLoad.Run check) {
        System.out.printf("%nWith %d tools and a tool call answer (arguments checked against the tool's schema):%n",
                tools);
        System.out.printf("%-18s %-13s %8s %8s %9s %8s %10s %10s%n", "load", "target", "p50 ms", "p99 ms", "req/s",
                "ok %", "+p50 ms", "+p99 ms");
        for (Row row : withTools) {
            line(row.load(), row.direct(), "", "");
            line("", row.tandem(), String.format("%.2f", row.addedP50()), String.format("%.2f", row.addedP99()));
        }
        for (int i = 0; i < withTools.size(); i++) {
            Row tool = withTools.get(i);
            Row none = plain.get(i);
            System.out.printf("%-18s added p50 with tools %.2f ms vs without %.2f ms (goal: no more: %s); added p99"
                    + " %.2f vs %.2f ms; ratio of added p50 with/without %.2f%n", tool.load(), tool.addedP50(),
                    none.addedP50(), tool.addedP50() <= none.addedP50() ? "met" : "NOT met", tool.addedP99(),
                    none.addedP99(), tool.addedP50() / none.addedP50());
        }
        long calls = check.outcomes().stream()
                .filter(o -> o.body() != null && o.body().contains("\"tool_calls\"")).count();
        System.out.printf("with tools, after the measured rows: %d of %d Tandem answers were tool calls%n", calls,
                check.outcomes().size());
    }

    /**
     * CPU per request of the closed-loop runs: the benchmark's JVM (the load client; Tandem too in a Tandem run) and
     * the emulators' process. Tandem's own is about the JVM figure through Tandem minus the JVM figure direct. Only
     * the closed loop: at a fixed rate the JVM's background work (the JIT, collections, timers) weighs on each of the
     * few requests as much as the requests themselves.
     */
    private static void printCpu(List<Row> plain, List<Row> withTools, RunCpu cpu) {
        System.out.printf("%nCPU per request, ms: this JVM (load client, and Tandem when it is the target) and the"
                + " emulators' process%n");
        System.out.printf("%-18s %-13s %8s %10s %16s%n", "load", "target", "JVM", "emulators", "Tandem's own");
        for (List<Row> rows : List.of(plain, withTools)) {
            if (!rows.isEmpty()) {
                Row row = rows.get(rows.size() - 1);
                RunCpu.PerRequest direct = cpu.of(row.direct());
                RunCpu.PerRequest tandem = cpu.of(row.tandem());
                System.out.printf("%-18s %-13s %8.3f %10.3f%n", row.load(), row.direct().name(), direct.jvmMs(),
                        direct.emulatorsMs());
                System.out.printf("%-18s %-13s %8.3f %10.3f %16.3f%n", "", row.tandem().name(), tandem.jvmMs(),
                        tandem.emulatorsMs(), tandem.jvmMs() - direct.jvmMs());
            }
        }
    }

    private static void line(String load, HttpLoad.Run run, String addedP50, String addedP99) {
        System.out.printf("%-18s %-7s %8.2f %8.2f %9.0f %8.2f %10s %10s%n", load, run.name(), run.percentileMs(50),
                run.percentileMs(99), run.achievedPerSecond(), run.successPct(), addedP50, addedP99);
    }
}
