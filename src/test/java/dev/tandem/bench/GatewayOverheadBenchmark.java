package dev.tandem.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tandem.llm.emulator.Reply;

/**
 * What the gateway adds to a chat completion: {@code POST /v1/chat/completions} with model {@code tandem}, strategy
 * {@code hedge} (no retrieval), against the same request sent straight to the OpenAI emulator by the same client in
 * the same run. Both emulators answer in a fixed 50 ms. Loads: open loop at fixed rates, then closed loop with N
 * clients (the maximum). Added latency = Tandem - direct, at p50 and p99.
 *
 * <p>Usage: {@code [--rates 100,500] [--clients 64] [--seconds 20] [--warmup-seconds 10] [--delay-ms 50]
 * [--data-dir DIR] [--app-property KEY=VALUE]}.
 */
public final class GatewayOverheadBenchmark {

    private static final String QUESTION = "What is the capital of France?";

    private GatewayOverheadBenchmark() {
    }

    /** One load level, measured direct and through Tandem. */
    record Row(String load, HttpLoad.Run direct, HttpLoad.Run tandem) {
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            run(args);
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private static void run(String[] args) throws Exception {
        List<Double> rates = List.of(100.0, 500.0);
        int clients = 64;
        double seconds = 20;
        double warmupSeconds = 10;
        long delayMs = 50;
        Path dataDir = BenchCluster.DEFAULT_DATA_DIR;
        Map<String, String> appProperties = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rates" -> rates = java.util.Arrays.stream(args[++i].split(",")).map(Double::parseDouble).toList();
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--warmup-seconds" -> warmupSeconds = Double.parseDouble(args[++i]);
                case "--delay-ms" -> delayMs = Long.parseLong(args[++i]);
                case "--data-dir" -> dataDir = Path.of(args[++i]);
                case "--app-property" -> LlmBenchSetup.putProperty(appProperties, args[++i]);
                default -> {
                    System.err.println("usage: GatewayOverheadBenchmark [--rates 100,500] [--clients 64] [--seconds 20]"
                            + " [--warmup-seconds 10] [--delay-ms 50] [--data-dir DIR] [--app-property KEY=VALUE]");
                    System.exit(2);
                }
            }
        }
        Map<String, String> overrides = new LinkedHashMap<>(Map.of(
                "tandem.llm.provider.timeout.ms", "5000",
                "tandem.llm.local.timeout.ms", "5000"));
        overrides.putAll(appProperties);
        Duration delay = Duration.ofMillis(delayMs);
        try (LlmBenchSetup setup = LlmBenchSetup.start(dataDir, overrides);
                HttpLoad load = new HttpLoad(1024)) {
            answerIn(setup, delay);
            String tandemBody = "{\"model\":\"tandem\",\"messages\":[{\"role\":\"user\",\"content\":\"" + QUESTION
                    + "\"}],\"tandem\":{\"strategy\":\"hedge\",\"retrieve\":false}}";
            String directBody = "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"" + QUESTION
                    + "\"}]}";
            HttpLoad.Target tandem = new HttpLoad.Target("tandem", setup.port, "/v1/chat/completions", i -> tandemBody);
            HttpLoad.Target direct = new HttpLoad.Target("direct", emulatorPort(setup), "/v1/chat/completions",
                    i -> directBody);

            System.out.printf("warm-up: %.0f s of %d clients on Tandem, %.0f s direct%n", warmupSeconds, clients,
                    warmupSeconds / 2);
            load.closedLoop(tandem, clients, warmupSeconds, -1, false);
            load.closedLoop(direct, clients, warmupSeconds / 2, -1, false);
            answerIn(setup, delay); // drops what the emulators recorded so far

            List<Row> rows = new ArrayList<>();
            for (double rate : rates) {
                HttpLoad.Run d = load.openLoop(direct, rate, seconds, false);
                HttpLoad.Run t = load.openLoop(tandem, rate, seconds, false);
                rows.add(new Row(String.format("open %.0f/s", rate), d, t));
                answerIn(setup, delay);
            }
            HttpLoad.Run d = load.closedLoop(direct, clients, seconds, -1, false);
            HttpLoad.Run t = load.closedLoop(tandem, clients, seconds, -1, false);
            rows.add(new Row("closed " + clients + " clients", d, t));
            long providerWins = t.outcomes().stream().filter(o -> o.winner() != null && o.winner().startsWith("openai/"))
                    .count();
            print(rows, delayMs, seconds, args);
            System.out.printf("closed loop: %d of %d Tandem answers came from the provider (hedge)%n", providerWins,
                    t.outcomes().size());
        }
    }

    /** Both emulators answer in a fixed delay; also forgets the requests recorded so far (bounded memory). */
    private static void answerIn(LlmBenchSetup setup, Duration delay) {
        setup.ollama.reset();
        setup.openai.reset();
        setup.ollama.respond(r -> Reply.text("Local: Paris. Confidence: 0.9").after(delay));
        setup.openai.respond(r -> Reply.text("Provider: Paris is the capital of France.").withUsage(20, 8).after(delay));
    }

    private static int emulatorPort(LlmBenchSetup setup) {
        return java.net.URI.create(setup.openai.baseUrl()).getPort();
    }

    private static void print(List<Row> rows, long delayMs, double seconds, String[] args) {
        System.out.printf("%nGateway overhead: POST /v1/chat/completions model tandem, strategy hedge, retrieve false;"
                + " both emulators answer in %d ms; %.0f s per row and target%n", delayMs, seconds);
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
        System.out.println("command: bench/llm-gateway-overhead " + String.join(" ", args));
    }

    private static void line(String load, HttpLoad.Run run, String addedP50, String addedP99) {
        System.out.printf("%-18s %-7s %8.2f %8.2f %9.0f %8.2f %10s %10s%n", load, run.name(), run.percentileMs(50),
                run.percentileMs(99), run.achievedPerSecond(), run.successPct(), addedP50, addedP99);
    }
}
