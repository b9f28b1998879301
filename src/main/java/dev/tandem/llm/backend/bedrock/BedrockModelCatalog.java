package dev.tandem.llm.backend.bedrock;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The few Bedrock models whose family, context window and image input are known without asking AWS. */
final class BedrockModelCatalog {

    /** {@code vision} is {@code null} where the prefix covers models with and without image input. */
    record KnownModel(String idPrefix, String family, int contextWindow, Boolean vision) {
    }

    private static final List<KnownModel> KNOWN = List.of(
            new KnownModel("anthropic.claude-3", "claude", 200_000, true),
            new KnownModel("anthropic.claude-sonnet-4", "claude", 200_000, true),
            new KnownModel("anthropic.claude-opus-4", "claude", 200_000, true),
            new KnownModel("amazon.nova-micro", "nova", 128_000, false),
            new KnownModel("amazon.nova-lite", "nova", 300_000, true),
            new KnownModel("amazon.nova-pro", "nova", 300_000, true),
            new KnownModel("meta.llama3-1-", "llama", 128_000, false),
            new KnownModel("meta.llama3-2-", "llama", 128_000, null),
            new KnownModel("meta.llama3-3-", "llama", 128_000, false),
            new KnownModel("meta.llama3-8b", "llama", 8_192, false),
            new KnownModel("meta.llama3-70b", "llama", 8_192, false));

    /** Cross-region inference profiles prefix the model id with a geography, e.g. {@code us.anthropic...}. */
    private static final Pattern INFERENCE_PROFILE = Pattern.compile("^(us|us-gov|eu|apac|jp|au|ca|global)\\.");

    private BedrockModelCatalog() {
    }

    static Optional<KnownModel> lookup(String modelId) {
        String model = INFERENCE_PROFILE.matcher(modelId).replaceFirst("");
        return KNOWN.stream().filter(known -> model.startsWith(known.idPrefix())).findFirst();
    }
}
