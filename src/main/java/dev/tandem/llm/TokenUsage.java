package dev.tandem.llm;

import java.util.Map;

/**
 * Tokens a backend reported for one call: the normalised counts, plus {@code reported} with the backend's own field
 * names and values untouched (Ollama {@code prompt_eval_count}, Bedrock {@code inputTokens}, OpenAI
 * {@code prompt_tokens}, ...), so nothing is recounted or guessed.
 */
public record TokenUsage(long inputTokens, long outputTokens, Map<String, Long> reported) {

    public static final TokenUsage NONE = new TokenUsage(0, 0, Map.of());

    public TokenUsage {
        reported = Map.copyOf(reported);
    }

    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}
