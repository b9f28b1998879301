package dev.tandem.llm;

import java.util.List;

/**
 * What one backend is asked: the conversation and the inference settings the caller chose ({@code null} = the
 * backend's default).
 */
public record ChatPrompt(List<ChatMessage> messages, Integer maxTokens, Double temperature) {

    public ChatPrompt {
        messages = List.copyOf(messages);
    }

    public ChatPrompt withMessages(List<ChatMessage> replaced) {
        return new ChatPrompt(replaced, maxTokens, temperature);
    }
}
