package dev.tandem.llm;

import java.util.List;

/**
 * One turn of a conversation, as in the OpenAI API: {@code role} is system, user, assistant or tool; an assistant
 * turn may carry the {@code toolCalls} it made, a tool turn answers the call {@code toolCallId} (of the function
 * {@code toolName}).
 */
public record ChatMessage(String role, String content, List<ToolCall> toolCalls, String toolCallId,
        String toolName) {

    public ChatMessage {
        toolCalls = List.copyOf(toolCalls);
    }

    public ChatMessage(String role, String content) {
        this(role, content, List.of(), null, null);
    }

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }
}
