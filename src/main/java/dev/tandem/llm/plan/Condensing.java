package dev.tandem.llm.plan;

import static dev.tandem.llm.plan.Steps.PROVIDER;
import static dev.tandem.llm.plan.Steps.READ;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.BackendGate;
import dev.tandem.llm.PlanStep;
import dev.tandem.llm.minions.ContextReader;
import dev.tandem.llm.minions.Reading;
import dev.tandem.llm.minions.Source;
import dev.tandem.llm.minions.Tokens;
import org.apache.camel.Exchange;

/**
 * The {@code minions} step of the {@code llm-chat} flow, after retrieval: a long context is read by the local model
 * and replaced by its extracts before any round; a short one (under {@code minContextTokens}) is left as it is and
 * the request runs under the default strategy, or hedge when minions is the default. Other strategies pass through
 * untouched.
 */
public final class Condensing {

    private final ContextReader reader;
    private final int minContextTokens;
    private final Strategy belowThreshold;

    public Condensing(ContextReader reader, int minContextTokens, Strategy defaultStrategy) {
        this.reader = reader;
        this.minContextTokens = minContextTokens;
        this.belowThreshold = defaultStrategy instanceof Minions ? new Hedge() : defaultStrategy;
    }

    public void condense(Exchange exchange) {
        PlanRun run = exchange.getProperty(PlanRun.PROPERTY, PlanRun.class);
        if (!(run.strategy() instanceof Minions)) {
            return;
        }
        long start = run.elapsedMs();
        List<Passage> passages = run.passages();
        if (!run.has(PROVIDER)) {
            run.note(new PlanStep(READ, null, start, 0, "skipped", "no provider is configured: the local model"
                    + " answers from the whole context"));
            return;
        }
        int tokens = passages.stream().mapToInt(p -> Tokens.estimate(p.text())).sum();
        if (tokens < minContextTokens) {
            run.replan(belowThreshold, new PlanStep(READ, null, start, 0, "skipped", "the context (~" + tokens
                    + " tokens) is below the minions threshold of " + minContextTokens
                    + " (TANDEM_MINIONS_MIN_CONTEXT_TOKENS): answered with the default strategy, "
                    + belowThreshold.name()));
            return;
        }
        Reading reading = reader.read(run.request().question(),
                passages.stream().map(p -> new Source(p.n(), p.title() == null ? p.source() : p.title(), p.text()))
                        .toList());
        Map<Integer, Passage> byNumber = new HashMap<>();
        passages.forEach(p -> byNumber.put(p.n(), p));
        List<Passage> kept = reading.condensed().stream().map(s -> {
            Passage original = byNumber.get(s.n());
            return new Passage(s.n(), original.source(), original.title(), s.text(), original.score());
        }).toList();
        run.condensed(kept);
        BackendGate local = run.gate(READ);
        reading.steps(start, local.backend().id()).forEach(run::note);
        // a branch result of its own, so that usage and cost count the local model's reading like any other call
        String extracts = kept.stream().map(p -> "[" + p.n() + "] " + p.text()).collect(Collectors.joining("\n\n"));
        run.finished(new BranchResult(READ, local.backend(), start, run.elapsedMs() - start,
                new BackendAnswer(extracts, "stop", reading.localUsage()), null, List.of()));
    }
}
