package dev.tandem.llm.agent;

import dev.tandem.llm.ToolCall;

/**
 * Where a long tool result may be made shorter before the models read it (a strategy such as {@code minions} lets
 * the local model extract what matters for the question). The loop hands every result through its strategy's
 * reducer; {@link #KEEP} leaves it as it is.
 */
@FunctionalInterface
public interface ContextReducer {

    ContextReducer KEEP = (question, call, result) -> result;

    /** The result the models see in place of {@code result}, the answer of {@code call}, for {@code question}. */
    String reduce(String question, ToolCall call, String result);
}
