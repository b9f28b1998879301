package dev.tandem.llm.agent;

import java.util.Optional;

/**
 * How the local model and the provider share a tool loop: which model takes each turn and whether it is offered the
 * tools. One class per strategy, registered in {@link AgentStrategies}; a strategy holds no state.
 */
public interface AgentStrategy {

    /** The name requests use ({@code "tandem": {"agent": "local-plans"}}). */
    String name();

    Turn first(AgentProgress run);

    /** The turn after {@code last} (whose tool calls, if any, have run), or empty: the run ends with {@code last}. */
    Optional<Turn> next(AgentProgress run, TurnResult last);

    /** Whether a long tool result is read by the local model before the models see it ({@link LongResults}). */
    default boolean readsLongResults() {
        return false;
    }
}
