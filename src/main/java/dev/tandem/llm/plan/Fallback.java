package dev.tandem.llm.plan;

import static dev.tandem.llm.plan.Steps.LOCAL;
import static dev.tandem.llm.plan.Steps.PROVIDER;

/** Settling for the one answer there is, as the strategies that start both models do. */
final class Fallback {

    private Fallback() {
    }

    /** The local answer when the provider gave none, or the provider's when the local model gave none. */
    static Decision toOnly(Progress run, BranchResult only) {
        if (LOCAL.equals(only.step())) {
            Decision local = Decision.win(only, reason(run));
            return run.has(PROVIDER) ? local.degraded("provider_failed") : local;
        }
        return Decision.win(only, "the local model gave no answer").degraded("local_failed");
    }

    /** After a round where the provider alone gave no answer: the local model next, the answer marked degraded. */
    static Decision localAfterProvider(Progress run) {
        if (run.result(LOCAL).isEmpty() && run.has(LOCAL)) {
            return Decision.next(LOCAL).degraded("provider_failed");
        }
        return Decision.none();
    }

    /** Why the local answer was taken. */
    static String reason(Progress run) {
        return run.result(PROVIDER).filter(r -> !r.ok())
                .map(r -> "the local answer, because the provider failed: " + r.failure().getMessage())
                .orElse(run.has(PROVIDER) ? "the local answer" : "the local answer (no provider is configured)");
    }
}
