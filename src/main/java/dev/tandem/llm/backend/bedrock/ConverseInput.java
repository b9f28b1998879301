package dev.tandem.llm.backend.bedrock;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.llm.BackendException;
import dev.tandem.llm.ChatMessage;
import dev.tandem.llm.ChatOptions;
import dev.tandem.llm.ChatPrompt;
import dev.tandem.llm.ImageInput;
import dev.tandem.llm.ResponseFormat;
import dev.tandem.llm.ToolCall;
import dev.tandem.llm.ToolSpec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.model.AnyToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.AutoToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ImageBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ImageFormat;
import software.amazon.awssdk.services.bedrockruntime.model.ImageSource;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SpecificToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/**
 * A {@link ChatPrompt} in Converse terms: the shared part of a Converse and a ConverseStream request. Tool calls are
 * {@code toolUse} blocks, tool results {@code toolResult} blocks in a user turn. Converse has no JSON answer mode,
 * so a {@code json_schema} or {@code json_object} answer is asked for as the one tool the model must call
 * ({@code answerTool}), whose input is the answer.
 */
record ConverseInput(List<Message> messages, List<SystemContentBlock> system, InferenceConfiguration inference,
        ToolConfiguration toolConfig, String answerTool) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode ANY_OBJECT = JSON.createObjectNode().put("type", "object");

    static ConverseInput of(ChatPrompt prompt, Double defaultTemperature, Integer defaultMaxTokens) {
        List<SystemContentBlock> system = new ArrayList<>();
        List<Message> messages = new ArrayList<>();
        for (ChatMessage message : prompt.messages()) {
            if ("system".equals(message.role())) {
                system.add(SystemContentBlock.builder().text(message.content()).build());
            } else if ("tool".equals(message.role())) {
                append(messages, ConversationRole.USER, ContentBlock.fromToolResult(ToolResultBlock.builder()
                        .toolUseId(message.toolCallId())
                        .content(ToolResultContentBlock.fromText(message.content())).build()));
            } else if ("assistant".equals(message.role())) {
                if (!message.content().isEmpty() || message.toolCalls().isEmpty()) {
                    append(messages, ConversationRole.ASSISTANT, ContentBlock.fromText(message.content()));
                }
                message.toolCalls().forEach(call -> append(messages, ConversationRole.ASSISTANT, toolUse(call)));
            } else {
                append(messages, ConversationRole.USER, ContentBlock.fromText(message.content()));
                message.images().forEach(image -> append(messages, ConversationRole.USER, image(image)));
            }
        }
        ChatOptions options = prompt.options();
        Double temperature = prompt.temperature() != null ? prompt.temperature() : defaultTemperature;
        InferenceConfiguration inference = InferenceConfiguration.builder()
                .maxTokens(prompt.maxTokens() != null ? prompt.maxTokens() : defaultMaxTokens)
                .temperature(temperature == null ? null : temperature.floatValue())
                .topP(options.topP() == null ? null : options.topP().floatValue())
                .stopSequences(options.stop().isEmpty() ? null : options.stop())
                .build();
        boolean historyHasTools = prompt.messages().stream()
                .anyMatch(m -> !m.toolCalls().isEmpty() || "tool".equals(m.role()));
        ResponseFormat format = options.responseFormat();
        if (format.json() && options.callableTools().isEmpty() && !historyHasTools) {
            String name = format.name() != null ? format.name() : "json_answer";
            Tool answer = tool(name, "Give the answer by calling this tool; its input is the answer.",
                    format.schema() != null ? format.schema() : ANY_OBJECT);
            ToolConfiguration config = ToolConfiguration.builder().tools(answer)
                    .toolChoice(c -> c.tool(SpecificToolChoice.builder().name(name).build())).build();
            return new ConverseInput(messages, system, inference, config, name);
        }
        // Converse refuses tool turns in the history without a toolConfig, even when no tool may be called now
        List<ToolSpec> offered = options.callableTools().isEmpty() && historyHasTools ? options.tools()
                : options.callableTools();
        if (offered.isEmpty()) {
            return new ConverseInput(messages, system, inference, null, null);
        }
        ToolConfiguration.Builder config = ToolConfiguration.builder()
                .tools(offered.stream().map(t -> tool(t.name(), t.description(), t.parameters())).toList());
        switch (options.toolChoice().mode()) {
            case "required" -> config.toolChoice(c -> c.any(AnyToolChoice.builder().build()));
            case "function" -> config.toolChoice(c -> c.tool(SpecificToolChoice.builder()
                    .name(options.toolChoice().function()).build()));
            default -> config.toolChoice(c -> c.auto(AutoToolChoice.builder().build()));
        }
        return new ConverseInput(messages, system, inference, config.build(), null);
    }

    /** Converse takes image bytes and their format; a link would have to be fetched, which Tandem never does. */
    private static ContentBlock image(ImageInput image) {
        String format = image.format().orElseThrow(() -> new BackendException(BackendException.Kind.REJECTED,
                "Amazon Bedrock takes images only as data URLs (data:image/...;base64,...), not as links.",
                "unsupported_image", null, null));
        return ContentBlock.fromImage(ImageBlock.builder().format(ImageFormat.fromValue(format))
                .source(ImageSource.fromBytes(SdkBytes.fromByteArray(image.bytes().orElseThrow()))).build());
    }

    private static Tool tool(String name, String description, JsonNode schema) {
        return Tool.fromToolSpec(ToolSpecification.builder().name(name)
                .description(description == null || description.isBlank() ? name : description)
                .inputSchema(ToolInputSchema.fromJson(Documents.of(schema))).build());
    }

    private static ContentBlock toolUse(ToolCall call) {
        JsonNode input;
        try {
            input = JSON.readTree(call.arguments());
        } catch (java.io.IOException notJson) {
            input = null;
        }
        return ContentBlock.fromToolUse(ToolUseBlock.builder().toolUseId(call.id()).name(call.name())
                .input(Documents.of(input != null && input.isObject() ? input
                        : JSON.createObjectNode())).build());
    }

    /** Converse refuses two turns in a row from the same role, so consecutive turns become one with several blocks. */
    private static void append(List<Message> messages, ConversationRole role, ContentBlock block) {
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
