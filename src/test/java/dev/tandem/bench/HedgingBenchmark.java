package dev.tandem.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.llm.emulator.EmulatedRequest;
import dev.tandem.llm.emulator.Reply;

/**
 * What hedging buys against a provider with a heavy tail: strategy {@code hedge} against {@code provider-first}
 * (the baseline) on the same seeded sequence of provider delays. Provider delays: a mixture, 97% lognormal around
 * 300 ms, 3% 5 s; the local model answers in 150 ms; the provider deadline (the hedge deadline) is 1 s. Request i
 * carries its index in the question, so the emulator gives it delay i whatever the arrival order.
 *
 * <p>Usage: {@code [--requests 400] [--concurrency 16] [--seed 42] [--tail-share 0.03] [--tail-ms 5000]
 * [--deadline-ms 1000] [--local-ms 150] [--data-dir DIR] [--app-property KEY=VALUE]}.
 */
public final class HedgingBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern INDEX = Pattern.compile("question #(\\d+)");

    private HedgingBenchmark() {
    }

    public static void main(String[] args) {
        BenchRun.main("llm-hedging", args, HedgingBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        BenchArgs arguments = BenchArgs.parse(args, "HedgingBenchmark [--requests 400] [--concurrency 16] [--seed 42]"
                + " [--tail-share 0.03] [--tail-ms 5000] [--deadline-ms 1000] [--local-ms 150]",
                Set.of("--requests", "--concurrency", "--seed", "--tail-share", "--tail-ms", "--deadline-ms",
                        "--local-ms"), Set.of(), 0);
        int requests = arguments.integer("--requests", 400);
        int concurrency = arguments.integer("--concurrency", 16);
        long seed = arguments.whole("--seed", 42);
        double tailShare = arguments.decimal("--tail-share", 0.03);
        long tailMs = arguments.whole("--tail-ms", 5000);
        long deadlineMs = arguments.whole("--deadline-ms", 1000);
        long localMs = arguments.whole("--local-ms", 150);
        long[] delays = providerDelays(requests, seed, tailShare, tailMs);
        Duration local = Duration.ofMillis(localMs);
        try (LlmBenchSetup setup = LlmBenchSetup.start(arguments, Map.of(
                "tandem.llm.provider.timeout.ms", Long.toString(deadlineMs),
                "tandem.llm.local.timeout.ms", "10000"));
                HttpLoad load = new HttpLoad(256)) {
            HttpLoad.Target warm = target(setup, "hedge", requests);
            answer(setup, delays, Duration.ofMillis(50));
            load.closedLoop(warm, concurrency, 600, Math.min(200, requests), false); // JIT warm-up, fast provider
            Map<String, HttpLoad.Run> runs = new LinkedHashMap<>();
            Map<String, Integer> providerCalls = new LinkedHashMap<>();
            for (String strategy : new String[] {"provider-first", "hedge"}) {
                answer(setup, delays, local);
                runs.put(strategy, load.closedLoop(target(setup, strategy, requests), concurrency, 600, requests, true));
                providerCalls.put(strategy, setup.openai.requestCount());
            }
            print(runs, providerCalls, delays, deadlineMs, localMs, concurrency);
        }
    }

    /** The provider delay of each request: 1 - tailShare lognormal (median 300 ms), tailShare at tailMs. */
    static long[] providerDelays(int requests, long seed, double tailShare, long tailMs) {
        Random random = new Random(seed);
        long[] delays = new long[requests];
        for (int i = 0; i < requests; i++) {
            delays[i] = random.nextDouble() < tailShare ? tailMs
                    : Math.round(300 * Math.exp(0.25 * random.nextGaussian()));
        }
        return delays;
    }

    /** The provider answers request i after delays[i]; the local model after {@code local}. */
    private static void answer(LlmBenchSetup setup, long[] delays, Duration local) {
        setup.ollama.reset();
        setup.openai.reset();
        setup.ollama.respond(r -> Reply.text("Local: the ferry leaves every hour.").after(local));
        setup.openai.respond(r -> Reply.text("Provider: the ferry leaves every hour from pier 4.").withUsage(30, 10)
                .after(Duration.ofMillis(delays[index(r)])));
    }

    private static int index(EmulatedRequest request) {
        Matcher m = INDEX.matcher(request.lastUserText());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static HttpLoad.Target target(LlmBenchSetup setup, String strategy, int requests) {
        return new HttpLoad.Target(strategy, setup.port, "/v1/chat/completions", i -> "{\"model\":\"tandem\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"When does the ferry leave? (question #" + (i % requests)
                + ")\"}],\"tandem\":{\"strategy\":\"" + strategy + "\",\"retrieve\":false}}");
    }

    private static void print(Map<String, HttpLoad.Run> runs, Map<String, Integer> providerCalls, long[] delays,
            long deadlineMs, long localMs, int concurrency) throws Exception {
        double[] delayMillis = Arrays.stream(delays).asDoubleStream().toArray();
        long overDeadline = Arrays.stream(delays).filter(d -> d > deadlineMs).count();
        System.out.printf("%nHedging: %d requests per strategy, %d concurrent, same seeded provider delays"
                + " (p50 %.0f ms, p99 %.0f ms, max %d ms, %d over the %d ms deadline); local answers in %d ms%n",
                delays.length, concurrency, Percentiles.middle(delayMillis), Percentiles.nearestRank(delayMillis, 99),
                Arrays.stream(delays).max().orElse(0), overDeadline, deadlineMs, localMs);
        System.out.printf("%-15s %8s %8s %8s %8s %7s %10s %10s%n", "strategy", "p50 ms", "p90 ms", "p99 ms", "max ms",
                "ok %", "provider %", "prov calls");
        for (Map.Entry<String, HttpLoad.Run> e : runs.entrySet()) {
            HttpLoad.Run run = e.getValue();
            long fromProvider = 0;
            for (HttpLoad.Outcome o : run.outcomes()) {
                if (o.ok() && "provider".equals(winnerStep(o.body()))) {
                    fromProvider++;
                }
            }
            System.out.printf("%-15s %8.1f %8.1f %8.1f %8.1f %7.2f %10.1f %10d%n", e.getKey(), run.percentileMs(50),
                    run.percentileMs(90), run.percentileMs(99), run.percentileMs(100), run.successPct(),
                    100.0 * fromProvider / run.outcomes().size(), providerCalls.get(e.getKey()));
        }
        HttpLoad.Run hedge = runs.get("hedge");
        HttpLoad.Run baseline = runs.get("provider-first");
        System.out.printf("p99(hedge) / p99(provider-first) = %.3f; p50 ratio %.3f%n",
                hedge.percentileMs(99) / baseline.percentileMs(99), hedge.percentileMs(50) / baseline.percentileMs(50));
    }

    private static String winnerStep(String body) throws Exception {
        JsonNode json = JSON.readTree(body);
        return json.at("/tandem/winner/step").asText("");
    }
}
