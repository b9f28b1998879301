package dev.tandem.llm.backend.bedrock;

import java.util.ArrayList;
import java.util.List;

import dev.tandem.llm.ChatMessage;
import dev.tandem.llm.ChatPrompt;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;

/** A {@link ChatPrompt} in Converse terms: the shared part of a Converse and a ConverseStream request. */
record ConverseInput(List<Message> messages, List<SystemContentBlock> system, InferenceConfiguration inference) {

    static ConverseInput of(ChatPrompt prompt, Double defaultTemperature, Integer defaultMaxTokens) {
        List<SystemContentBlock> system = new ArrayList<>();
        List<Message> messages = new ArrayList<>();
        for (ChatMessage message : prompt.messages()) {
            if ("system".equals(message.role())) {
                system.add(SystemContentBlock.builder().text(message.content()).build());
            } else {
                append(messages, "assistant".equals(message.role()) ? ConversationRole.ASSISTANT : ConversationRole.USER,
                        message.content());
            }
        }
        Double temperature = prompt.temperature() != null ? prompt.temperature() : defaultTemperature;
        InferenceConfiguration inference = InferenceConfiguration.builder()
                .maxTokens(prompt.maxTokens() != null ? prompt.maxTokens() : defaultMaxTokens)
                .temperature(temperature == null ? null : temperature.floatValue())
                .build();
        return new ConverseInput(messages, system, inference);
    }

    /** Converse refuses two turns in a row from the same role, so consecutive turns become one with several blocks. */
    private static void append(List<Message> messages, ConversationRole role, String text) {
        ContentBlock block = ContentBlock.fromText(text);
        int last = messages.size() - 1;
        if (last >= 0 && messages.get(last).role() == role) {
            List<ContentBlock> blocks = new ArrayList<>(messages.get(last).content());
            blocks.add(block);
            messages.set(last, Message.builder().role(role).content(blocks).build());
        } else {
            messages.add(Message.builder().role(role).content(block).build());
        }
    }
}
