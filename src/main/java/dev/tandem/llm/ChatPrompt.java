package dev.tandem.llm;

import java.util.List;

/**
 * What one backend is asked: the conversation, the inference settings the caller chose ({@code null} = the
 * backend's default), and the tools and answer format of {@link ChatOptions}.
 */
public record ChatPrompt(List<ChatMessage> messages, Integer maxTokens, Double temperature, ChatOptions options) {

    public ChatPrompt {
        messages = List.copyOf(messages);
    }

    public ChatPrompt(List<ChatMessage> messages, Integer maxTokens, Double temperature) {
        this(messages, maxTokens, temperature, ChatOptions.NONE);
    }

    public boolean hasImages() {
        return messages.stream().anyMatch(m -> !m.images().isEmpty());
    }

    public ChatPrompt withMessages(List<ChatMessage> replaced) {
        return new ChatPrompt(replaced, maxTokens, temperature, options);
    }
}
