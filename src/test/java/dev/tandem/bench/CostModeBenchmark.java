package dev.tandem.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.llm.emulator.EmulatedRequest;
import dev.tandem.llm.emulator.Reply;

/**
 * What {@code local-first} saves: a fixed replay of questions ({@code bench/local-first-questions.tsv}) whose local
 * answers are fixed and pass the quality check part of the time (confident, low confidence, ESCALATE, empty,
 * refusal, cut off), run with strategy {@code local-first} and, as the baseline, {@code provider-first}, in the same
 * run, after one warm-up pass of each. Counts the provider emulator's requests under each, and lists each question with the check's decision (the
 * plan step {@code check}; when the local answer failed before the check, the {@code local} step).
 *
 * <p>Usage: {@code [--questions FILE.tsv] [--local-ms 50] [--provider-ms 100] [--rounds 1] [--data-dir DIR]
 * [--app-property KEY=VALUE]}.
 */
public final class CostModeBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEFAULT_QUESTIONS = "/bench/local-first-questions.tsv";

    private CostModeBenchmark() {
    }

    /** One replayed question; {@code kind} says whether its local answer should pass the check. */
    record Question(String id, String kind, String text, String localAnswer) {

        boolean shouldPass() {
            return kind.equals("confident") || kind.equals("no-confidence") || kind.equals("borderline");
        }

        Reply localReply() {
            Reply reply = Reply.text(localAnswer);
            return kind.equals("cut-off") ? reply.withFinishReason("length") : reply;
        }
    }

    /** What the client saw for one question under one strategy. */
    record Answer(Question question, int status, String winnerStep, String decision, String detail, double millis) {
    }

    public static void main(String[] args) {
        BenchRun.main("llm-cost-mode", args, CostModeBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        BenchArgs arguments = BenchArgs.parse(args, "CostModeBenchmark [--questions FILE.tsv] [--local-ms 50]"
                + " [--provider-ms 100] [--rounds 1]", Set.of("--questions", "--local-ms", "--provider-ms", "--rounds"),
                Set.of(), 0);
        Path questionsFile = arguments.text("--questions", null) == null ? null : Path.of(arguments.text("--questions",
                null));
        long localMs = arguments.whole("--local-ms", 50);
        long providerMs = arguments.whole("--provider-ms", 100);
        int rounds = arguments.integer("--rounds", 1);
        List<Question> questions = questions(questionsFile);
        try (LlmBenchSetup setup = LlmBenchSetup.start(arguments, Map.of(
                "tandem.llm.provider.timeout.ms", "5000",
                "tandem.llm.local.timeout.ms", "5000"));
                HttpLoad load = new HttpLoad(8)) {
            for (String strategy : new String[] {"provider-first", "local-first"}) { // JIT warm-up, not counted
                answerFixed(setup, questions, Duration.ofMillis(localMs), Duration.ofMillis(providerMs));
                load.closedLoop(target(setup, strategy, questions), 1, 600, questions.size(), false);
            }
            Map<String, List<Answer>> answers = new LinkedHashMap<>();
            Map<String, Integer> providerCalls = new LinkedHashMap<>();
            Map<String, Integer> localCalls = new LinkedHashMap<>();
            for (String strategy : new String[] {"provider-first", "local-first"}) {
                answerFixed(setup, questions, Duration.ofMillis(localMs), Duration.ofMillis(providerMs));
                List<Answer> list = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    HttpLoad.Run run = load.closedLoop(target(setup, strategy, questions), 1, 600, questions.size(), true);
                    for (HttpLoad.Outcome o : run.outcomes()) {
                        list.add(answer(questions.get(o.index()), o));
                    }
                }
                answers.put(strategy, list);
                providerCalls.put(strategy, setup.openai.requestCount());
                localCalls.put(strategy, setup.ollama.requestCount());
            }
            print(answers, providerCalls, localCalls, questions.size() * rounds);
        }
    }

    static List<Question> questions(Path file) throws IOException {
        String text;
        if (file == null) {
            try (InputStream in = CostModeBenchmark.class.getResourceAsStream(DEFAULT_QUESTIONS)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } else {
            text = java.nio.file.Files.readString(file);
        }
        List<Question> questions = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            questions.add(new Question(f[0], f[1], f[2], f[3].replace("\\n", "\n")));
        }
        return questions;
    }

    /** The local model gives each question its fixed answer; the provider always answers well. */
    private static void answerFixed(LlmBenchSetup setup, List<Question> questions, Duration local, Duration provider) {
        setup.ollama.reset();
        setup.openai.reset();
        setup.ollama.respond(r -> questionOf(r, questions).localReply().after(local));
        setup.openai.respond(r -> Reply.text("Provider: a careful, complete answer.").withUsage(60, 40).after(provider));
    }

    private static Question questionOf(EmulatedRequest request, List<Question> questions) {
        String asked = request.lastUserText();
        return questions.stream().filter(q -> asked.contains(q.text())).findFirst()
                .orElseThrow(() -> new IllegalStateException("not a replayed question: " + asked));
    }

    private static HttpLoad.Target target(LlmBenchSetup setup, String strategy, List<Question> questions) {
        return new HttpLoad.Target(strategy, setup.port, "/v1/chat/completions", i -> {
            try {
                return JSON.writeValueAsString(Map.of("model", "tandem",
                        "messages", List.of(Map.of("role", "user", "content", questions.get(i).text())),
                        "tandem", Map.of("strategy", strategy, "retrieve", false)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The check's decision from the executed plan: the {@code check} step, else the failed {@code local} step. */
    private static Answer answer(Question question, HttpLoad.Outcome outcome) throws IOException {
        double millis = outcome.latencyNanos() / 1e6;
        if (!outcome.ok()) {
            return new Answer(question, outcome.status(), "-", "http " + outcome.status(), outcome.body(), millis);
        }
        JsonNode tandem = JSON.readTree(outcome.body()).get("tandem");
        String decision = "-";
        String detail = "";
        for (JsonNode step : tandem.at("/plan/steps")) {
            String name = step.path("name").asText();
            if (name.equals("check")) {
                decision = step.path("outcome").asText();
                detail = step.path("detail").asText();
            } else if (name.equals("local") && decision.equals("-") && !step.path("outcome").asText().equals("won")
                    && !step.path("outcome").asText().equals("ok")) {
                decision = "local " + step.path("outcome").asText() + " (no check)";
                detail = step.path("detail").asText();
            }
        }
        return new Answer(question, outcome.status(), tandem.at("/winner/step").asText(), decision, detail, millis);
    }

    private static void print(Map<String, List<Answer>> answers, Map<String, Integer> providerCalls,
            Map<String, Integer> localCalls, int requests) {
        List<Answer> localFirst = answers.get("local-first");
        System.out.printf("%nlocal-first, each question with the check's decision%n");
        System.out.printf("%-4s %-13s %-26s %-9s %-5s %s%n", "id", "kind", "decision", "winner", "as", "detail");
        int unexpected = 0;
        for (Answer a : localFirst) {
            boolean passed = "local".equals(a.winnerStep());
            boolean asExpected = passed == a.question().shouldPass();
            unexpected += asExpected ? 0 : 1;
            System.out.printf("%-4s %-13s %-26s %-9s %-5s %s%n", a.question().id(), a.question().kind(), a.decision(),
                    a.winnerStep(), asExpected ? "yes" : "NO", a.detail() == null ? "" : a.detail().replace('\n', ' '));
        }
        System.out.printf("%nCost mode: %d questions per strategy, sequential%n", requests);
        System.out.printf("%-15s %10s %11s %8s %8s %8s %12s%n", "strategy", "prov calls", "local calls", "ok %",
                "p50 ms", "p99 ms", "from local");
        for (Map.Entry<String, List<Answer>> e : answers.entrySet()) {
            double[] millis = e.getValue().stream().mapToDouble(Answer::millis).toArray();
            long ok = e.getValue().stream().filter(a -> a.status() == 200).count();
            long fromLocal = e.getValue().stream().filter(a -> "local".equals(a.winnerStep())).count();
            System.out.printf("%-15s %10d %11d %8.1f %8.1f %8.1f %12d%n", e.getKey(), providerCalls.get(e.getKey()),
                    localCalls.get(e.getKey()), 100.0 * ok / millis.length, Percentiles.middle(millis),
                    Percentiles.nearestRank(millis, 99), fromLocal);
        }
        int baseline = providerCalls.get("provider-first");
        int saved = baseline - providerCalls.get("local-first");
        System.out.printf("provider calls avoided: %d of %d = %.1f %% (provider calls local-first / provider-first"
                + " = %.3f); check decisions as expected for %d of %d questions%n", saved, baseline,
                100.0 * saved / baseline, (double) providerCalls.get("local-first") / baseline,
                localFirst.size() - unexpected, localFirst.size());
    }
}
