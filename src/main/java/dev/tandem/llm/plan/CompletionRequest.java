package dev.tandem.llm.plan;

import java.util.List;

import dev.tandem.llm.ChatMessage;
import dev.tandem.llm.ChatPrompt;

/**
 * A validated {@code /v1/chat/completions} request (or {@code /api/ask}, which becomes one). {@code strategy} is
 * {@code null} when the request leaves it to the default; {@code retrieve} is false when the request opts out of
 * document context with {@code "tandem": {"retrieve": false}}; {@code legacyFunctions} when it offered its tools
 * as the legacy {@code functions}, so the answer names its call {@code function_call}.
 */
public record CompletionRequest(String model, ChatPrompt prompt, boolean stream, boolean includeUsage,
        Strategy strategy, boolean retrieve, int k, boolean legacyFunctions) {

    public static final String HYBRID_MODEL = "tandem";

    public CompletionRequest(String model, ChatPrompt prompt, boolean stream, boolean includeUsage,
            Strategy strategy, boolean retrieve, int k) {
        this(model, prompt, stream, includeUsage, strategy, retrieve, k, false);
    }

    /** The last user message: what context is retrieved for. */
    public String question() {
        List<ChatMessage> messages = prompt.messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                return messages.get(i).content();
            }
        }
        return "";
    }

    /** Whether the request asks for the hybrid model (a plan under a strategy) rather than one backend. */
    public boolean hybrid() {
        return HYBRID_MODEL.equals(model);
    }
}
