package dev.tandem.llm.agent;

import java.util.Optional;

/**
 * The default: every turn goes to the model the request asked for ({@code tandem}: both, under the request's
 * strategy, so hedging, local-first and the rest apply to each turn), with the tools, until a turn answers without
 * calling one. Use it when the tools are few and either model can drive them.
 */
final class ToolLoop implements AgentStrategy {

    @Override
    public String name() {
        return "tool-loop";
    }

    @Override
    public Turn first(AgentProgress run) {
        return new Turn(run.request().asked().model(), true);
    }

    @Override
    public Optional<Turn> next(AgentProgress run, TurnResult last) {
        return last.answered() && !last.toolCalls().isEmpty() ? Optional.of(last.turn()) : Optional.empty();
    }
}
