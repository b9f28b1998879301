package dev.tandem.llm.agent;

import java.util.List;

import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.BackendGate;
import dev.tandem.llm.ToolCall;
import dev.tandem.llm.minions.ContextReader;
import dev.tandem.llm.minions.Reading;
import dev.tandem.llm.minions.Source;
import dev.tandem.llm.minions.Tokens;
import dev.tandem.llm.plan.BranchResult;

/**
 * Minions for tool results: a result of at least {@code minContextTokens} (estimated) is read by the local model
 * piece by piece with the question, and the models of the loop see what it kept instead of the whole. The reading's
 * pieces become {@code extract} steps and its tokens count in the run's usage; a piece the local model fails on goes
 * on whole, as in the minions strategy of a plain question.
 */
public final class LongResults {

    static final String READ = "read";

    private final ContextReader reader;
    private final BackendGate local;
    private final int minContextTokens;

    public LongResults(ContextReader reader, BackendGate local, int minContextTokens) {
        this.reader = reader;
        this.local = local;
        this.minContextTokens = minContextTokens;
    }

    /** What the models see of {@code result}, the answer of {@code call}. */
    String shorten(AgentRun run, ToolCall call, String result) {
        int tokens = Tokens.estimate(result);
        if (tokens < minContextTokens) {
            return result;
        }
        long start = run.elapsedMs();
        Reading reading = reader.read(run.request().asked().question(), List.of(new Source(1, call.name(), result)));
        reading.steps(start, local.backend().id()).forEach(run::step);
        String kept = reading.condensed().isEmpty() ? "" : reading.condensed().get(0).text();
        String shown = reading.passedWholeCount() == reading.pieces().size() ? kept
                : kept.isEmpty() ? "(The local model read this result of ~" + tokens + " tokens and found nothing in it"
                        + " that bears on the question.)"
                        : "(What the local model kept of a result of ~" + tokens + " tokens:)\n" + kept;
        run.read(new BranchResult(READ, local.backend(), start, run.elapsedMs() - start,
                new BackendAnswer(shown, "stop", reading.localUsage()), null, List.of()));
        return shown;
    }
}
