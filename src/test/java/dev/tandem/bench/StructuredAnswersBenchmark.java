package dev.tandem.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.llm.emulator.EmulatedRequest;
import dev.tandem.llm.emulator.Reply;

/**
 * Valid structured answers: a replay of requests that offer a tool (half of them) or ask for a {@code json_schema}
 * answer (the other half), where the local emulator's answer is invalid in {@code --local-invalid} of the requests
 * (an unknown tool, arguments that are not JSON, arguments that break the schema, text that is not JSON) and the
 * provider's in {@code --provider-invalid}, both decided per request by a seeded draw. The same replay goes to the
 * local model alone, the provider alone, and Tandem under {@code hedge} and {@code local-first}; each answer is judged
 * here, independently of Tandem's own check. Goal: Tandem valid on 100 % of the requests where either model was.
 *
 * <p>Usage: {@code [--requests 200] [--local-invalid 0.3] [--provider-invalid 0.1] [--seed 12] [--clients 8]
 * [--delay-ms 20] [--data-dir DIR] [--app-property KEY=VALUE]}
 */
public final class StructuredAnswersBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REQUEST = Pattern.compile("\\(request (\\d+)\\)");
    private static final String TOOLS = "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
            + "\"days\":{\"type\":\"integer\",\"minimum\":1}},\"required\":[\"city\"],\"additionalProperties\":false}}}]";
    private static final String FORMAT = "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"capital\","
            + "\"strict\":true,\"schema\":{\"type\":\"object\",\"properties\":{\"capital\":{\"type\":\"string\"}},"
            + "\"required\":[\"capital\"]}}}";
    /** The invalid answers a model gives, in turn: one of each kind. */
    private static final List<Reply> INVALID_CALLS = List.of(Reply.toolCall("get_forecast", "{\"city\":\"Oslo\"}"),
            Reply.toolCall("get_weather", "{\"city\": Oslo"), Reply.toolCall("get_weather", "{\"days\":0}"));
    private static final List<Reply> INVALID_JSON = List.of(Reply.text("The capital is Paris."),
            Reply.text("{\"capital\": 42}"), Reply.text("{\"capital\": \"Paris\""));

    private StructuredAnswersBenchmark() {
    }

    /** Which model's answer to request {@code i} is invalid. */
    record Replay(boolean[] localInvalid, boolean[] providerInvalid) {

        static Replay draw(int requests, double local, double provider, long seed) {
            Random random = new Random(seed);
            boolean[] l = new boolean[requests];
            boolean[] p = new boolean[requests];
            for (int i = 0; i < requests; i++) {
                l[i] = random.nextDouble() < local;
                p[i] = random.nextDouble() < provider;
            }
            return new Replay(l, p);
        }

        boolean eitherValid(int i) {
            return !localInvalid[i] || !providerInvalid[i];
        }
    }

    public static void main(String[] args) {
        BenchRun.main("llm-structured-answers", args, StructuredAnswersBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        BenchArgs arguments = BenchArgs.parse(args, "StructuredAnswersBenchmark [--requests 200] [--local-invalid 0.3]"
                + " [--provider-invalid 0.1] [--seed 12] [--clients 8] [--delay-ms 20]",
                Set.of("--requests", "--local-invalid", "--provider-invalid", "--seed", "--clients", "--delay-ms"),
                Set.of(), 0);
        int requests = arguments.integer("--requests", 200);
        double localShare = arguments.decimal("--local-invalid", 0.3);
        double providerShare = arguments.decimal("--provider-invalid", 0.1);
        long seed = arguments.whole("--seed", 12);
        int clients = arguments.integer("--clients", 8);
        Duration delay = Duration.ofMillis(arguments.whole("--delay-ms", 20));
        Replay replay = Replay.draw(requests, localShare, providerShare, seed);
        try (LlmBenchSetup setup = LlmBenchSetup.start(arguments, Map.of(
                "tandem.llm.provider.timeout.ms", "10000", "tandem.llm.local.timeout.ms", "10000"));
                HttpLoad load = new HttpLoad(256)) {
            setup.ollama.respond(r -> answer(r, replay.localInvalid()).after(delay));
            setup.openai.respond(r -> answer(r, replay.providerInvalid()).after(delay));
            Map<String, String> targets = new LinkedHashMap<>();
            targets.put("local model alone", "\"model\":\"ollama/llama3.2\"");
            targets.put("provider alone", "\"model\":\"openai/gpt-test\"");
            targets.put("tandem hedge", "\"model\":\"tandem\",\"tandem\":{\"strategy\":\"hedge\",\"retrieve\":false}");
            targets.put("tandem local-first",
                    "\"model\":\"tandem\",\"tandem\":{\"strategy\":\"local-first\",\"retrieve\":false}");
            int eitherValid = 0;
            for (int i = 0; i < requests; i++) {
                eitherValid += replay.eitherValid(i) ? 1 : 0;
            }
            System.out.printf("Valid structured answers: %d requests (half a tool call, half a json_schema answer);"
                    + " local answer invalid in %.0f %%, provider's in %.0f %% (seed %d); either model valid in %d%n",
                    requests, 100 * share(replay.localInvalid()), 100 * share(replay.providerInvalid()), seed,
                    eitherValid);
            System.out.printf("%-20s %10s %12s %22s %10s%n", "target", "valid %", "valid/all",
                    "valid where either was", "p50 ms");
            for (Map.Entry<String, String> target : targets.entrySet()) {
                String prefix = target.getValue();
                HttpLoad.Run run = load.closedLoop(new HttpLoad.Target(target.getKey(), setup.port,
                        "/v1/chat/completions", i -> body(prefix, i % requests)), clients, 3600, requests, true);
                int valid = 0;
                int validWhereEither = 0;
                for (HttpLoad.Outcome o : run.outcomes()) {
                    boolean ok = valid(o, o.index() % requests);
                    valid += ok ? 1 : 0;
                    validWhereEither += ok && replay.eitherValid(o.index() % requests) ? 1 : 0;
                }
                System.out.printf("%-20s %9.1f %% %6d/%-5d %15d/%-6d %10.1f%n", target.getKey(),
                        100.0 * valid / run.outcomes().size(), valid, run.outcomes().size(), validWhereEither,
                        eitherValid, run.percentileMs(50));
                if (target.getKey().startsWith("tandem")) {
                    System.out.printf("%-20s goal 100 %% valid where either model was: %s%n", "",
                            validWhereEither == eitherValid ? "met" : "NOT met");
                }
            }
        }
    }

    /** Even requests offer the tool, odd ones ask for a json_schema answer; the index travels in the question. */
    private static String body(String prefix, int i) {
        String question = (i % 2 == 0 ? "What is the weather in Oslo?" : "What is the capital of France?")
                + " (request " + i + ")";
        String structure = i % 2 == 0 ? "\"tools\":" + TOOLS : "\"response_format\":" + FORMAT;
        return "{" + prefix + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]," + structure
                + "}";
    }

    private static Reply answer(EmulatedRequest request, boolean[] invalid) {
        Matcher m = REQUEST.matcher(request.lastUserText());
        int i = m.find() ? Integer.parseInt(m.group(1)) : 0;
        boolean toolRequest = request.body().has("tools");
        if (invalid[i % invalid.length]) {
            return (toolRequest ? INVALID_CALLS : INVALID_JSON).get((i / 2) % 3);
        }
        return toolRequest ? Reply.toolCall("get_weather", "{\"city\":\"Oslo\",\"days\":2}")
                : Reply.text("{\"capital\":\"Paris\"}");
    }

    /** Judged by the benchmark itself: the offered tool with a city, or JSON with a string capital. */
    private static boolean valid(HttpLoad.Outcome outcome, int i) {
        if (outcome.status() != 200 || outcome.body() == null) {
            return false;
        }
        try {
            JsonNode message = JSON.readTree(outcome.body()).at("/choices/0/message");
            if (i % 2 == 0) {
                JsonNode call = message.at("/tool_calls/0/function");
                JsonNode arguments = JSON.readTree(call.path("arguments").asText(""));
                return "get_weather".equals(call.path("name").asText()) && arguments != null
                        && arguments.path("city").isTextual() && arguments.path("days").asInt(1) >= 1;
            }
            return JSON.readTree(message.path("content").asText("")).path("capital").isTextual();
        } catch (java.io.IOException notJson) {
            return false;
        }
    }

    private static double share(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            n += f ? 1 : 0;
        }
        return (double) n / flags.length;
    }
}
