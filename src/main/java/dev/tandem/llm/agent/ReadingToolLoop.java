package dev.tandem.llm.agent;

import java.util.Optional;

/**
 * {@code minions} in a tool loop: the turns go as in {@code tool-loop}, and a long tool result (a large
 * {@code get_document}, a file, a listing) is first read by the local model, which keeps what bears on the question;
 * the models of the next turn see the extracts. Use it when tools return much more than the answer needs and the
 * provider's input tokens cost.
 */
final class ReadingToolLoop implements AgentStrategy {

    private final ToolLoop turns = new ToolLoop();

    @Override
    public String name() {
        return "minions";
    }

    @Override
    public Turn first(AgentProgress run) {
        return turns.first(run);
    }

    @Override
    public Optional<Turn> next(AgentProgress run, TurnResult last) {
        return turns.next(run, last);
    }

    @Override
    public boolean readsLongResults() {
        return true;
    }
}
