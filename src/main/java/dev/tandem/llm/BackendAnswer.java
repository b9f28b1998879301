package dev.tandem.llm;

import java.util.List;

/**
 * A complete answer from one backend: text, the tool calls the model made, or both. {@code finishReason} uses the
 * OpenAI vocabulary: {@code stop}, {@code length} (cut off by the token limit), {@code tool_calls} or
 * {@code content_filter}.
 */
public record BackendAnswer(String text, String finishReason, TokenUsage usage, List<ToolCall> toolCalls) {

    public BackendAnswer {
        toolCalls = List.copyOf(toolCalls);
    }

    public BackendAnswer(String text, String finishReason, TokenUsage usage) {
        this(text, finishReason, usage, List.of());
    }

    public boolean cutOff() {
        return "length".equals(finishReason);
    }

    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }
}
