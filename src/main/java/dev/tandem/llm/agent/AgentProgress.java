package dev.tandem.llm.agent;

import java.util.Optional;

/** What an {@link AgentStrategy} may read of a run: the request, the models there are, how far the run got. */
public interface AgentProgress {

    AgentRequest request();

    /** The local model's id ({@code ollama/llama3.2}). */
    String localModel();

    /** The provider's id, when one is configured. */
    Optional<String> providerModel();

    /** How many tool calls ran so far. */
    int toolCalls();
}
