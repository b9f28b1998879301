package dev.tandem.llm.agent;

import java.util.List;
import java.util.Optional;

import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.ToolCall;
import dev.tandem.llm.plan.PlanRun;

/** What one model turn brought back: the turn as asked, and its run (with a winner, or the failures). */
public record TurnResult(Turn turn, PlanRun run) {

    public boolean answered() {
        return run.winner().isPresent();
    }

    public Optional<BackendAnswer> answer() {
        return run.winner().map(w -> w.result().answer());
    }

    /** The backend that answered, else what was asked. */
    public String model() {
        return run.winner().map(w -> w.result().backend().id()).orElse(turn.model());
    }

    public List<ToolCall> toolCalls() {
        return answer().map(BackendAnswer::toolCalls).orElse(List.of());
    }

    /** The answer's text as its strategy shows it. */
    public String text() {
        return run.winner().map(w -> run.strategy().shown(w.result())).orElse("");
    }
}
