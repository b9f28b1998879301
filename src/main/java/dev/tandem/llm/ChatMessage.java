package dev.tandem.llm;

/** One turn of a conversation: {@code role} is system, user or assistant, as in the OpenAI API. */
public record ChatMessage(String role, String content) {

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }
}
