package dev.tandem.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.BackendGate;
import dev.tandem.llm.Backends;
import dev.tandem.llm.ChatBackend;
import dev.tandem.llm.ChatMessage;
import dev.tandem.llm.ChatPrompt;
import dev.tandem.llm.Deadlines;
import dev.tandem.llm.emulator.Reply;
import dev.tandem.llm.emulator.WordOverlapMinion;
import dev.tandem.llm.minions.ContextReader;
import dev.tandem.llm.minions.Reading;
import dev.tandem.llm.minions.Source;
import dev.tandem.llm.minions.Tokens;

/**
 * Minions on BEIR SciFact: each claim of the train judgments with its judged abstracts and {@code --distractors}
 * random other abstracts as context, shuffled. The provider is asked whether the passages support the claim twice,
 * from the whole context and from what Tandem's {@link ContextReader} (the app's own bean) kept; the provider input
 * tokens of the two are compared (ratio), and the share of claims whose judged abstracts all reach the provider is
 * counted, with the share of distractors dropped. The local model is {@link WordOverlapMinion} and the provider
 * the OpenAI emulator (four characters a token) unless {@code --app-property} points Tandem at real ones; with a
 * real provider the agreement of the two answers' labels (SUPPORT, CONTRADICT, NOT ENOUGH INFO) is reported.
 *
 * <p>Usage: {@code [--claims 100] [--distractors 10] [--seed 7] [--scifact DIR] [--data-dir DIR]
 * [--app-property KEY=VALUE]}
 */
public final class MinionsBenchmark {

    private static final String INSTRUCTION = "Use the numbered passages below, from scientific abstracts, and cite"
            + " them as [n]. If they do not settle the claim, say so.";
    private static final Pattern LABEL = Pattern.compile("NOT ENOUGH INFO|SUPPORT|CONTRADICT");
    private static final Deadlines PROVIDER_DEADLINES = new Deadlines(Duration.ofSeconds(60), Duration.ofSeconds(180));

    private MinionsBenchmark() {
    }

    public static void main(String[] args) {
        BenchRun.main("minions", args, MinionsBenchmark::run);
    }

    /** One claim's context: its sources, shuffled, and which numbers are the judged abstracts. */
    record Case(String claim, List<Source> sources, Set<Integer> judged) {
    }

    private static void run(String[] args) throws Exception {
        BenchArgs arguments = BenchArgs.parse(args, "MinionsBenchmark [--claims 100] [--distractors 10] [--seed 7]"
                + " [--scifact DIR]", Set.of("--claims", "--distractors", "--seed", "--scifact"), Set.of(), 0);
        int claims = arguments.integer("--claims", 100);
        int distractors = arguments.integer("--distractors", 10);
        long seed = arguments.whole("--seed", 7);
        Path scifact = Path.of(arguments.text("--scifact", "../shared/data/scifact"));
        Map<String, String> app = arguments.appProperties();
        boolean realLocal = app.containsKey("tandem.ollama.url");
        boolean realProvider = app.containsKey("tandem.provider") || app.containsKey("tandem.openai.base.url");
        List<Case> cases = cases(BeirDataset.load(scifact.resolve("corpus.jsonl"), scifact.resolve("queries.jsonl"),
                scifact.resolve("qrels/train.tsv")), claims, distractors, seed);
        try (LlmBenchSetup setup = LlmBenchSetup.start(arguments, Map.of("tandem.llm.local.timeout.ms", "180000"))) {
            setup.ollama.respond(r -> WordOverlapMinion.asked(r) ? WordOverlapMinion.reply(r)
                    : Reply.text("NOT ENOUGH INFO"));
            setup.openai.respond(r -> Reply.text("NOT ENOUGH INFO: the emulator reads nothing [1].")
                    .withUsage(WordOverlapMinion.promptTokens(r), 12));
            ContextReader reader = setup.camel().getRegistry().lookupByNameAndType("contextReader",
                    ContextReader.class);
            Backends backends = setup.camel().getRegistry().lookupByNameAndType("backends", Backends.class);
            ChatBackend provider = backends.provider().map(BackendGate::backend).orElseThrow(() -> new IllegalStateException(
                    "minions needs a provider: set tandem.provider"));
            System.out.printf("Minions on SciFact: %d claims (train judgments), each with its judged abstracts and %d"
                    + " distractors, shuffled (seed %d)%nlocal model %s%s, provider %s%s%n", cases.size(),
                    distractors, seed, backends.local().backend().id(), realLocal ? "" : " (emulated: WordOverlapMinion,"
                    + " sentences sharing 2 content words with the claim)", provider.id(),
                    realProvider ? "" : " (emulated: 4 characters a token)");
            long started = System.nanoTime();
            Tally tally = new Tally();
            for (Case c : cases) {
                Reading reading = reader.read(c.claim(), c.sources());
                BackendAnswer whole = provider.chat(prompt(c.claim(), c.sources()), PROVIDER_DEADLINES);
                BackendAnswer condensed = provider.chat(prompt(c.claim(), reading.condensed()), PROVIDER_DEADLINES);
                tally.add(c, reading, whole, condensed);
            }
            tally.print(realProvider, (System.nanoTime() - started) / 1_000_000_000.0);
        }
    }

    /** The claims with judged abstracts in the corpus, in file order, each with seeded random distractors. */
    private static List<Case> cases(BeirDataset data, int claims, int distractors, long seed) {
        Random random = new Random(seed);
        List<String> ids = new ArrayList<>(data.corpus().keySet());
        List<Case> cases = new ArrayList<>();
        for (String queryId : data.judgedQueryIds()) {
            if (cases.size() == claims) {
                break;
            }
            List<String> judged = data.qrels().get(queryId).keySet().stream()
                    .filter(data.corpus()::containsKey).toList();
            if (judged.isEmpty()) {
                continue;
            }
            List<String> chosen = new ArrayList<>(judged);
            while (chosen.size() < judged.size() + distractors) {
                String other = ids.get(random.nextInt(ids.size()));
                if (!chosen.contains(other)) {
                    chosen.add(other);
                }
            }
            Collections.shuffle(chosen, random);
            List<Source> sources = new ArrayList<>();
            Set<Integer> judgedNumbers = new HashSet<>();
            for (String id : chosen) {
                BeirDataset.Doc doc = data.corpus().get(id);
                sources.add(new Source(sources.size() + 1, doc.title(), doc.text()));
                if (judged.contains(id)) {
                    judgedNumbers.add(sources.size());
                }
            }
            cases.add(new Case(data.queries().get(queryId), sources, judgedNumbers));
        }
        return cases;
    }

    /** The same prompt for both arms; only the passages differ. */
    private static ChatPrompt prompt(String claim, List<Source> sources) {
        StringBuilder context = new StringBuilder(INSTRUCTION).append('\n');
        sources.forEach(s -> context.append("\n[").append(s.n()).append("] ").append(s.title()).append('\n')
                .append(s.text()).append('\n'));
        return new ChatPrompt(List.of(ChatMessage.system(context.toString()), ChatMessage.user("Claim: " + claim
                + "\nDo the passages SUPPORT or CONTRADICT the claim, or is there NOT ENOUGH INFO? Start with one of"
                + " the three, then say why in one sentence citing [n].")), 200, 0.0);
    }

    /** The figures summed over the claims. */
    private static final class Tally {
        private int claims;
        private long contextTokens;
        private long wholeInput;
        private long minionsInput;
        private long localInput;
        private long localOutput;
        private int judgedKept;
        private int distractors;
        private int distractorsDropped;
        private int pieces;
        private long passedWhole;
        private int agreed;

        void add(Case c, Reading reading, BackendAnswer whole, BackendAnswer condensed) {
            claims++;
            contextTokens += c.sources().stream().mapToInt(s -> Tokens.estimate(s.text())).sum();
            wholeInput += whole.usage().inputTokens();
            minionsInput += condensed.usage().inputTokens();
            localInput += reading.localUsage().inputTokens();
            localOutput += reading.localUsage().outputTokens();
            Set<Integer> kept = new HashSet<>();
            reading.condensed().forEach(s -> kept.add(s.n()));
            judgedKept += kept.containsAll(c.judged()) ? 1 : 0;
            for (Source s : c.sources()) {
                if (!c.judged().contains(s.n())) {
                    distractors++;
                    distractorsDropped += kept.contains(s.n()) ? 0 : 1;
                }
            }
            pieces += reading.pieces().size();
            passedWhole += reading.passedWholeCount();
            agreed += label(whole.text()).equals(label(condensed.text())) ? 1 : 0;
        }

        void print(boolean realProvider, double seconds) {
            System.out.printf("context per claim: ~%d tokens (estimate, 4 characters a token), read in %.1f pieces"
                    + " on average; %d of %d pieces passed on whole%n", contextTokens / claims,
                    (double) pieces / claims, passedWhole, pieces);
            System.out.printf("provider input tokens: whole context %d, minions %d; ratio minions/whole %.3f%n",
                    wholeInput, minionsInput, (double) minionsInput / wholeInput);
            System.out.printf("local model tokens spent reading: %d in, %d out (%d in per claim)%n", localInput,
                    localOutput, localInput / claims);
            System.out.printf("claims whose judged abstracts all reach the provider: %d/%d = %.1f %%%n", judgedKept,
                    claims, 100.0 * judgedKept / claims);
            System.out.printf("distractor abstracts dropped: %d/%d = %.1f %%%n", distractorsDropped, distractors,
                    100.0 * distractorsDropped / distractors);
            if (realProvider) {
                System.out.printf("answer agreement (same label from minions and from the whole context): %d/%d ="
                        + " %.1f %%%n", agreed, claims, 100.0 * agreed / claims);
            } else {
                System.out.println("answer agreement: not measured, the provider is the emulator (set a real one with"
                        + " --app-property tandem.provider=...)");
            }
            System.out.printf("wall time %.1f s%n", seconds);
        }

        private static String label(String answer) {
            Matcher m = LABEL.matcher(answer.toUpperCase(Locale.ROOT));
            return m.find() ? m.group() : "NONE";
        }
    }
}
