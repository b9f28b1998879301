package dev.tandem.llm.agent;

import java.util.Optional;

/**
 * The local model picks the tools and their arguments, turn after turn, for free; once it has nothing more to call,
 * the provider writes the answer from the results (offered no tools, so it cannot start over). A plan the local
 * model gets wrong (an invalid call, or no answer) goes to the provider, which then drives the loop itself. Use it
 * when the tool chain is simple enough for the local model and the answer needs the provider's writing.
 */
final class LocalPlans implements AgentStrategy {

    @Override
    public String name() {
        return "local-plans";
    }

    @Override
    public Turn first(AgentProgress run) {
        return new Turn(run.localModel(), true);
    }

    @Override
    public Optional<Turn> next(AgentProgress run, TurnResult last) {
        Optional<String> provider = run.providerModel();
        boolean byLocal = last.turn().model().equals(run.localModel());
        if (provider.isEmpty()) {
            return last.answered() && !last.toolCalls().isEmpty() ? Optional.of(last.turn()) : Optional.empty();
        }
        if (byLocal && !last.answered()) {
            return Optional.of(new Turn(provider.get(), true));
        }
        if (!last.toolCalls().isEmpty()) {
            return Optional.of(last.turn());
        }
        return byLocal ? Optional.of(new Turn(provider.get(), false)) : Optional.empty();
    }
}
