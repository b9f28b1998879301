package dev.tandem.llm.emulator;

import com.fasterxml.jackson.databind.JsonNode;

/** A request an emulator received: its path, parsed JSON body, and whether the client asked to stream. */
public record EmulatedRequest(String path, JsonNode body, boolean stream) {

    /** The text of the last message whose role is {@code user} (searching the protocol's message list). */
    public String lastUserText() {
        JsonNode messages = body.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode m = messages.get(i);
            if ("user".equals(m.path("role").asText())) {
                JsonNode content = m.path("content");
                if (content.isArray()) {
                    StringBuilder text = new StringBuilder();
                    content.forEach(block -> text.append(block.path("text").asText("")));
                    return text.toString();
                }
                return content.asText();
            }
        }
        return "";
    }
}
