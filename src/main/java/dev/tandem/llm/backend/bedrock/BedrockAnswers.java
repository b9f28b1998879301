package dev.tandem.llm.backend.bedrock;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.TokenUsage;

/** Turns what Bedrock said (text, stop reason, usage) into a {@link BackendAnswer}, or the refusal it really was. */
final class BedrockAnswers {

    private final BedrockFailures failures;

    BedrockAnswers(BedrockFailures failures) {
        this.failures = failures;
    }

    BackendAnswer answer(String text, String stopReason,
            software.amazon.awssdk.services.bedrockruntime.model.TokenUsage usage) {
        if ("content_filtered".equals(stopReason) || "guardrail_intervened".equals(stopReason)) {
            throw failures.contentPolicy(stopReason.equals("guardrail_intervened")
                    ? "a guardrail intervened" : "its content filter stopped the answer");
        }
        if ("malformed_model_output".equals(stopReason)) {
            throw failures.malformed("an answer the model itself malformed");
        }
        if (text == null || text.isBlank()) {
            throw failures.empty();
        }
        return new BackendAnswer(text, finishReason(stopReason), tokens(usage));
    }

    private static String finishReason(String stopReason) {
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
