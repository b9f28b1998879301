package dev.tandem.llm.plan;

import java.util.List;

import dev.tandem.llm.ChatPrompt;
import dev.tandem.llm.PlanStep;

/**
 * How the local and the provider model work together on one request: what starts first, what a branch's answer
 * decides, what follows a round that ended undecided, and which branch a stream may follow live. One class per
 * strategy, registered in {@link Strategies}; a strategy holds no state: it reads the run's {@link Progress} and
 * returns {@link Decision}s.
 */
public interface Strategy {

    /** The name requests and TANDEM_LLM_STRATEGY use. */
    String name();

    /** The steps of the first round (when both backends are configured). */
    List<String> firstRound();

    /** The plan shown before the run: the first round and the steps that may follow it. */
    List<PlanStep> planned(String localId, String providerId);

    /** A branch answered (validly) and no winner is chosen yet. */
    Decision onAnswer(Progress run, BranchResult answer);

    /** A round ended with no winner: a next round, a winner from what there is, or {@link Decision#none()}. */
    Decision onRoundEnd(Progress run);

    /** Whether a stream may follow the step live, before its answer is complete (and so before any check). */
    boolean mayCommit(Progress run, String step);

    /** The prompt the step sends, given the request's prompt with its document context. */
    default ChatPrompt prompt(Progress run, String step, ChatPrompt grounded) {
        return grounded;
    }

    /** The winning answer's text as the user sees it. */
    default String shown(BranchResult winner) {
        return winner.answer().text();
    }
}
