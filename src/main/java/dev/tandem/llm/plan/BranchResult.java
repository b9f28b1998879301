package dev.tandem.llm.plan;

import java.util.List;
import java.util.Locale;

import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.BackendException;
import dev.tandem.llm.ChatBackend;
import dev.tandem.llm.PlanStep;

/**
 * What one branch (local, provider or merge) brought back: an answer, or the failure that stopped it. For a
 * streamed call, {@code pieces} are the text pieces as the backend sent them.
 */
public record BranchResult(String step, ChatBackend backend, long startMs, long durationMs, BackendAnswer answer,
        BackendException failure, List<String> pieces) {

    public boolean ok() {
        return answer != null;
    }

    public String outcome() {
        return ok() ? "ok" : failure.kind().name().toLowerCase(Locale.ROOT);
    }

    public PlanStep toStep(String outcome) {
        return new PlanStep(step, backend.id(), startMs, durationMs, outcome, ok() ? null : failure.getMessage());
    }
}
