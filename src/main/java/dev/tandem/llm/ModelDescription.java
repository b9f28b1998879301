package dev.tandem.llm;

import java.util.Map;

/**
 * The static part of a {@link ModelContext}: who the model is, what it can do, how it is called and how it counts
 * tokens. Unknown values are {@code null}, never guessed.
 */
public record ModelDescription(
        ModelIdentification identification,
        ModelCapabilities capabilities,
        InferenceSettings inference,
        TokenizerDetails tokenizer) {

    /** {@code provider}: ollama, aws-bedrock or openai-compatible; {@code endpoint} never carries credentials. */
    public record ModelIdentification(String id, String provider, String model, String family, String parameterSize,
            String quantization, String endpoint) {
    }

    /** {@code vision}: whether the model takes images; {@code null} when Tandem cannot tell. */
    public record ModelCapabilities(Integer contextWindow, boolean streaming, boolean tools, boolean embeddings,
            Boolean vision) {
    }

    /** The settings Tandem sends unless a request overrides them; {@code options} holds backend-specific ones. */
    public record InferenceSettings(Double temperature, Integer maxTokens, Double topP, Map<String, Object> options) {
    }

    /** {@code source} says where the details come from, e.g. {@code ollama /api/show} or {@code configuration}. */
    public record TokenizerDetails(String family, String source) {
    }
}
