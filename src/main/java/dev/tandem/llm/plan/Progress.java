package dev.tandem.llm.plan;

import java.util.List;
import java.util.Optional;

import dev.tandem.llm.BackendAnswer;

/** What a {@link Strategy} may read of a run in progress; it changes the run only through the decisions it returns. */
public interface Progress {

    CompletionRequest request();

    /** The document passages the prompts are grounded in. */
    List<Passage> passages();

    /** Whether the plan has a backend for the step: the provider is missing when none is configured. */
    boolean has(String step);

    /** What the step brought back, once it reported. */
    Optional<BranchResult> result(String step);

    default Optional<BranchResult> answer(String step) {
        return result(step).filter(BranchResult::ok);
    }

    default boolean failed(String step) {
        return result(step).filter(r -> !r.ok()).isPresent();
    }

    long elapsedMs();

    /** The configured quality check of an answer (TANDEM_LLM_LOCAL_FIRST_MIN_CONFIDENCE). */
    AnswerCheck.Verdict check(BackendAnswer answer);
}
