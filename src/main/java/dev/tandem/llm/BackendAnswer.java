package dev.tandem.llm;

/**
 * A complete answer from one backend. {@code finishReason} uses the OpenAI vocabulary: {@code stop},
 * {@code length} (cut off by the token limit) or {@code content_filter}.
 */
public record BackendAnswer(String text, String finishReason, TokenUsage usage) {

    public boolean cutOff() {
        return "length".equals(finishReason);
    }
}
