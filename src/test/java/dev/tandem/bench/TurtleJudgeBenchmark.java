package dev.tandem.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.game.turtlesoup.GameException;
import dev.tandem.game.turtlesoup.HostModel;
import dev.tandem.game.turtlesoup.HybridHostModel;
import dev.tandem.game.turtlesoup.Label;
import dev.tandem.game.turtlesoup.LlmHost;
import dev.tandem.game.turtlesoup.Puzzle;
import dev.tandem.game.turtlesoup.PuzzleBank;
import dev.tandem.game.turtlesoup.PuzzlePacks;
import dev.tandem.game.turtlesoup.Solver;
import dev.tandem.game.turtlesoup.TurtleSoupGames;
import dev.tandem.llm.Backends;
import dev.tandem.llm.emulator.EmulatedRequest;
import dev.tandem.llm.emulator.Reply;
import dev.tandem.llm.plan.CompletionRequest;
import dev.tandem.llm.plan.Strategies;
import org.apache.camel.ProducerTemplate;

/**
 * The turtle-soup host as a judge on TurtleBench's labelled English guesses (1,532; Correct against Incorrect or
 * Unknown, as the paper scores it: the host's "yes" is Correct), for the local model alone, the provider alone and
 * local-first, with the share of calls the local model answered (under local-first: provider calls saved); then self-play of the solver (on
 * the provider alone) against the host in the same three configurations over the bank. Published figures and the
 * majority floor are printed beside. Against the emulators (the default) it checks the plumbing only: point
 * {@code tandem.ollama.url} / {@code tandem.provider} at real models with {@code --app-property} for accuracy.
 *
 * <p>Usage: {@code [--turtlebench DIR] [--limit N] [--puzzles N] [--budget 20] [--data-dir DIR]
 * [--app-property KEY=VALUE]}.
 */
public final class TurtleJudgeBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** arXiv 2410.05262, English 0-shot, and the share of guesses that are not Correct. */
    private static final List<Map.Entry<String, Double>> PUBLISHED = List.of(
            Map.entry("Llama-3.1-405B (paper, en 0-shot)", 86.95),
            Map.entry("Claude-3.5-Sonnet (paper, en 0-shot)", 84.27),
            Map.entry("GPT-4o (paper, en 0-shot)", 79.57),
            Map.entry("majority class floor (always not Correct)", 57.8));

    private TurtleJudgeBenchmark() {
    }

    /** One labelled guess: the story it is about and whether people judged it Correct. */
    record Case(int storyIndex, String guess, boolean correct) {
    }

    /** A host configuration: the model id the flow is asked for, and the strategy when it is the pair. */
    record Config(String name, String model, String strategy) {
    }

    /** Counts, per backend, the calls a configuration made. */
    static final class CountingModel implements HostModel {
        private final HostModel model;
        final Map<String, AtomicInteger> calls = new LinkedHashMap<>();

        CountingModel(HostModel model) {
            this.model = model;
        }

        @Override
        public Reply ask(String instructions, String playerText, Map<String, Object> schema) {
            Reply reply = model.ask(instructions, playerText, schema);
            synchronized (calls) {
                calls.computeIfAbsent(reply.backend(), b -> new AtomicInteger()).incrementAndGet();
            }
            return reply;
        }
    }

    public static void main(String[] args) {
        BenchRun.main("turtle-judge", args, TurtleJudgeBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        BenchArgs arguments = BenchArgs.parse(args, "bench/turtle-judge [--turtlebench DIR] [--limit N]"
                + " [--puzzles N] [--budget 20]", Set.of("--turtlebench", "--limit", "--puzzles", "--budget"),
                Set.of(), 0);
        Path turtlebench = Path.of(arguments.text("--turtlebench", "../shared/data/turtlebench"));
        List<Case> cases = cases(turtlebench.resolve("en/cases.jsonl"), arguments.integer("--limit", Integer.MAX_VALUE));
        List<Puzzle> stories = PuzzlePacks.read(turtlebench).stream().filter(p -> p.language().equals("en")).toList();
        List<Puzzle> bank = PuzzlePacks.bank();
        bank = bank.subList(0, Math.min(bank.size(), arguments.integer("--puzzles", bank.size())));
        int budget = arguments.integer("--budget", 20);
        try (LlmBenchSetup setup = LlmBenchSetup.start(arguments, Map.of("tandem.llm.provider.timeout.ms", "60000",
                "tandem.llm.local.timeout.ms", "120000"))) {
            emulate(setup);
            ProducerTemplate producer = setup.camel().createProducerTemplate();
            Backends backends = setup.camel().getRegistry().lookupByNameAndType("backends", Backends.class);
            String local = backends.local().backend().id();
            String provider = backends.provider().orElseThrow(() -> new IllegalStateException(
                    "The benchmark needs a provider: set --app-property tandem.provider=...")).backend().id();
            List<Config> configs = List.of(new Config("local alone", local, null),
                    new Config("provider alone", provider, null),
                    new Config("local-first", CompletionRequest.HYBRID_MODEL, "local-first"));
            System.out.printf("source: TurtleBench en, %d labelled guesses (%d Correct), %d stories; local %s,"
                    + " provider %s%n", cases.size(), cases.stream().filter(Case::correct).count(), stories.size(),
                    local, provider);
            judge(producer, configs, cases, stories, local);
            selfPlay(producer, configs, bank, budget, provider, arguments.dataDir());
            boolean emulated = setup.ollama.requestCount() > 0 || setup.openai.requestCount() > 0;
            if (emulated) {
                System.out.printf("%nThese answers came from the wire-level emulators: the run checks the plumbing"
                        + " only, and accuracy needs real models (e.g. --app-property tandem.ollama.url=http://"
                        + "localhost:11434 --app-property tandem.ollama.model=llama3.2 --app-property"
                        + " tandem.provider=bedrock).%n");
            }
        }
    }

    static List<Case> cases(Path file, int limit) throws Exception {
        List<Case> cases = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || cases.size() >= limit) {
                continue;
            }
            JsonNode row = JSON.readTree(line);
            cases.add(new Case(row.get("story_index").asInt(), row.get("guess").asText(),
                    "Correct".equals(row.get("label").asText())));
        }
        return cases;
    }

    private static void judge(ProducerTemplate producer, List<Config> configs, List<Case> cases, List<Puzzle> stories,
            String local) {
        System.out.printf("%nJudge accuracy (Correct vs Incorrect/Unknown)%n%-42s %9s %8s %8s %14s %10s%n",
                "host", "accuracy", "errors", "calls", "by local model", "seconds");
        Map<String, Double> accuracy = new LinkedHashMap<>();
        for (Config config : configs) {
            CountingModel model = new CountingModel(new HybridHostModel(producer, config.model(),
                    config.strategy() == null ? null : Strategies.named(config.strategy())));
            LlmHost host = new LlmHost(model);
            int right = 0;
            int errors = 0;
            long start = System.nanoTime();
            for (Case c : cases) {
                try {
                    boolean saidCorrect = host.answer(stories.get(c.storyIndex() - 1), c.guess()) == Label.YES;
                    right += saidCorrect == c.correct() ? 1 : 0;
                } catch (GameException e) {
                    errors++;
                }
            }
            int calls = model.calls.values().stream().mapToInt(AtomicInteger::get).sum();
            int localCalls = model.calls.getOrDefault(local, new AtomicInteger()).get();
            accuracy.put(config.name(), 100.0 * right / cases.size());
            System.out.printf("%-42s %8.1f%% %8d %8d %13.1f%% %10.1f%n", config.name(), 100.0 * right / cases.size(),
                    errors, calls, calls == 0 ? 0 : 100.0 * localCalls / calls, (System.nanoTime() - start) / 1e9);
        }
        PUBLISHED.forEach(p -> System.out.printf("%-42s %8.1f%%%n", p.getKey(), p.getValue()));
        System.out.printf("local-first accuracy / provider alone (baseline, same run): %.3f%n",
                accuracy.get("provider alone") == 0 ? 0 : accuracy.get("local-first") / accuracy.get("provider alone"));
    }

    private static void selfPlay(ProducerTemplate producer, List<Config> configs, List<Puzzle> bank, int budget,
            String provider, Path dataDir) throws Exception {
        System.out.printf("%nSelf-play over %d bank puzzles, solver on %s, %d questions at most%n%-16s %8s %22s%n",
                bank.size(), provider, budget, "host", "solved", "questions when solved");
        Solver solver = new Solver(new HybridHostModel(producer, provider, null), budget);
        for (Config config : configs) {
            TurtleSoupGames games = new TurtleSoupGames(new PuzzleBank(bank), new LlmHost(new HybridHostModel(
                    producer, config.model(), config.strategy() == null ? null : Strategies.named(config.strategy()))),
                    Files.createTempDirectory(Files.createDirectories(dataDir), "self-play"), Duration.ofDays(1),
                    Clock.systemUTC());
            int solved = 0;
            int questions = 0;
            for (Puzzle puzzle : bank) {
                String game = (String) games.start(Optional.of(puzzle.id()), Optional.empty()).get("game");
                try {
                    Solver.Result result = solver.play(games, game, puzzle.surface());
                    if (result.solved()) {
                        solved++;
                        questions += result.questions();
                    }
                } catch (GameException e) {
                    System.out.printf("  %s on %s: %s%n", config.name(), puzzle.id(), e.getMessage());
                }
            }
            System.out.printf("%-16s %7.1f%% %22s%n", config.name(), 100.0 * solved / bank.size(),
                    solved == 0 ? "-" : String.format("%.1f", (double) questions / solved));
        }
    }

    /**
     * Without real models: the local model says "yes" to guesses of even length and "no" to the others, and rates
     * every third judgement unsure (confidence 0.3: local-first hands it to the provider, the local model alone keeps
     * it); the provider says "no"; both judge every solution complete; the solver asks two questions, then proposes a
     * solution. Enough to drive every path; the accuracy it gives means nothing.
     */
    private static void emulate(LlmBenchSetup setup) {
        AtomicInteger seen = new AtomicInteger();
        setup.ollama.respond(r -> Reply.text(judgement(r, r.lastUserText().length() % 2 == 0 ? "yes" : "no",
                seen.incrementAndGet() % 3 == 0 ? 0.3 : 0.9)));
        setup.openai.respond(r -> Reply.text(r.body().at("/messages/0/content").asText().startsWith("You are the player")
                ? move(r.body().at("/messages/0/content").asText()) : judgement(r, "no", 0.9)));
    }

    private static String move(String instructions) {
        return instructions.contains("Questions left: ") && instructions.split("\nQ: ").length < 3
                ? "{\"hypotheses\": [\"a guess\"], \"action\": \"ask\", \"text\": \"Is it about a person?\"}"
                : "{\"hypotheses\": [\"a guess\"], \"action\": \"guess\", \"text\": \"It all happened by chance.\"}";
    }

    /** {@code label} for a question; every key fact for a solution; rated {@code confidence}. */
    private static String judgement(EmulatedRequest r, String label, double confidence) {
        if (!r.lastUserText().startsWith("Proposed solution")) {
            return "{\"answer\": \"" + label + "\", \"confidence\": " + confidence + "}";
        }
        int facts = r.body().at("/messages/0/content").asText().split("\n\\d+\\. ").length - 1;
        StringBuilder all = new StringBuilder();
        for (int i = 1; i <= facts; i++) {
            all.append(i == 1 ? "" : ", ").append(i);
        }
        return "{\"covered\": [" + all + "], \"confidence\": " + confidence + "}";
    }
}
