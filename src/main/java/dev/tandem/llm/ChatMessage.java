package dev.tandem.llm;

import java.util.List;

/**
 * One turn of a conversation, as in the OpenAI API: {@code role} is system, user, assistant or tool; a user turn
 * may carry {@code images}, an assistant turn the {@code toolCalls} it made, a tool turn answers the call
 * {@code toolCallId} (of the function {@code toolName}).
 */
public record ChatMessage(String role, String content, List<ToolCall> toolCalls, String toolCallId,
        String toolName, List<ImageInput> images) {

    public ChatMessage {
        toolCalls = List.copyOf(toolCalls);
        images = List.copyOf(images);
    }

    public ChatMessage(String role, String content) {
        this(role, content, List.of(), null, null, List.of());
    }

    public static ChatMessage assistant(String content, List<ToolCall> toolCalls) {
        return new ChatMessage("assistant", content, toolCalls, null, null, List.of());
    }

    public static ChatMessage tool(String content, String toolCallId, String toolName) {
        return new ChatMessage("tool", content, List.of(), toolCallId, toolName, List.of());
    }

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }
}
