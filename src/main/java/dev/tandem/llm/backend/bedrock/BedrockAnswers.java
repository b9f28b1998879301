package dev.tandem.llm.backend.bedrock;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.TokenUsage;
import dev.tandem.llm.ToolCall;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/** Turns what Bedrock said (text, stop reason, usage) into a {@link BackendAnswer}, or the refusal it really was. */
final class BedrockAnswers {

    private final BedrockFailures failures;

    BedrockAnswers(BedrockFailures failures) {
        this.failures = failures;
    }

    BackendAnswer answer(String text, String stopReason,
            software.amazon.awssdk.services.bedrockruntime.model.TokenUsage usage) {
        return answer(text, List.of(), stopReason, usage, null);
    }

    /**
     * An answer from its text and its tool calls; a call of {@code answerTool} (the tool a JSON answer was asked
     * for as, see {@link ConverseInput}) is the answer's text rather than a call.
     */
    BackendAnswer answer(String text, List<ToolCall> calls, String stopReason,
            software.amazon.awssdk.services.bedrockruntime.model.TokenUsage usage, String answerTool) {
        if (answerTool != null) {
            Optional<ToolCall> json = calls.stream().filter(c -> c.name().equals(answerTool)).findFirst();
            if (json.isPresent()) {
                return answer(json.get().arguments(), List.of(), "end_turn", usage, null);
            }
        }
        if ("content_filtered".equals(stopReason) || "guardrail_intervened".equals(stopReason)) {
            throw failures.contentPolicy(stopReason.equals("guardrail_intervened")
                    ? "a guardrail intervened" : "its content filter stopped the answer");
        }
        if ("malformed_model_output".equals(stopReason)) {
            throw failures.malformed("an answer the model itself malformed");
        }
        if ((text == null || text.isBlank()) && calls.isEmpty()) {
            throw failures.empty();
        }
        return new BackendAnswer(text == null ? "" : text, finishReason(stopReason, calls), tokens(usage), calls);
    }

    /** The text and tool calls of a Converse output message. */
    static List<ToolCall> toolCalls(Message output) {
        List<ToolCall> calls = new ArrayList<>();
        if (output != null) {
            for (ContentBlock block : output.content()) {
                if (block.toolUse() != null) {
                    calls.add(new ToolCall(block.toolUse().toolUseId(), block.toolUse().name(),
                            Documents.json(block.toolUse().input()).toString()));
                }
            }
        }
        return calls;
    }

    private static String finishReason(String stopReason, List<ToolCall> calls) {
        if (!calls.isEmpty()) {
            return "tool_calls";
        }
        return "max_tokens".equals(stopReason) || "model_context_window_exceeded".equals(stopReason) ? "length" : "stop";
    }

    /** The counts exactly as Bedrock reported them; a field it left out is left out. */
    private static TokenUsage tokens(software.amazon.awssdk.services.bedrockruntime.model.TokenUsage usage) {
        if (usage == null) {
            return TokenUsage.NONE;
        }
        Map<String, Long> reported = new LinkedHashMap<>();
        putIfPresent(reported, "inputTokens", usage.inputTokens());
        putIfPresent(reported, "outputTokens", usage.outputTokens());
        putIfPresent(reported, "totalTokens", usage.totalTokens());
        return new TokenUsage(reported.getOrDefault("inputTokens", 0L), reported.getOrDefault("outputTokens", 0L),
                reported);
    }

    private static void putIfPresent(Map<String, Long> reported, String field, Integer value) {
        if (value != null) {
            reported.put(field, value.longValue());
        }
    }
}
