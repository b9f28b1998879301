package dev.tandem.llm.backend.ollama;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.ollama.OllamaModelCard;
import dev.langchain4j.model.ollama.OllamaModelDetails;
import dev.langchain4j.model.ollama.OllamaModels;
import dev.tandem.llm.ModelDescription;
import dev.tandem.llm.ModelDescription.InferenceSettings;
import dev.tandem.llm.ModelDescription.ModelCapabilities;
import dev.tandem.llm.ModelDescription.ModelIdentification;
import dev.tandem.llm.ModelDescription.TokenizerDetails;
import dev.tandem.llm.backend.Endpoints;

/** Describes an Ollama model from {@code /api/show}, or from configuration alone when Ollama cannot say. */
final class OllamaModelDescriber {

    private static final String SHOW = "ollama /api/show";
    private static final String CONFIGURATION = "configuration";

    private final String endpoint;
    private final String model;
    private final InferenceSettings inference;
    private final OllamaModels models;

    OllamaModelDescriber(String baseUrl, String model, Double temperature, Integer maxTokens,
            HttpClientBuilder httpClientBuilder) {
        this.endpoint = Endpoints.withoutCredentials(baseUrl);
        this.model = model;
        this.inference = new InferenceSettings(temperature, maxTokens, null, Map.of());
        this.models = OllamaModels.builder().httpClientBuilder(httpClientBuilder).baseUrl(baseUrl)
                .timeout(Duration.ofSeconds(3)).maxRetries(0).build();
    }

    /** Never throws: a description is wanted most when the backend is down. */
    ModelDescription describe() {
        try {
            return fromCard(models.modelCard(model).content());
        } catch (RuntimeException unavailable) {
            return fromConfiguration();
        }
    }

    private ModelDescription fromCard(OllamaModelCard card) {
        OllamaModelDetails details = card.getDetails();
        String family = details == null ? null : details.getFamily();
        List<String> capabilities = card.getCapabilities() == null ? List.of() : card.getCapabilities();
        return new ModelDescription(
                new ModelIdentification(id(), "ollama", model, family,
                        details == null ? null : details.getParameterSize(),
                        details == null ? null : details.getQuantizationLevel(), endpoint),
                new ModelCapabilities(contextLength(card), true, capabilities.contains("tools"),
                        capabilities.contains("embedding"), capabilities.contains("vision")),
                inference,
                new TokenizerDetails(family, SHOW));
    }

    private ModelDescription fromConfiguration() {
        return new ModelDescription(
                new ModelIdentification(id(), "ollama", model, null, null, null, endpoint),
                new ModelCapabilities(null, true, false, false, null),
                inference,
                new TokenizerDetails(null, CONFIGURATION));
    }

    /** {@code model_info} keys the context length by architecture, e.g. {@code llama.context_length}. */
    private static Integer contextLength(OllamaModelCard card) {
        Map<String, Object> info = card.getModelInfo();
        if (info == null) {
            return null;
        }
        return info.entrySet().stream()
                .filter(entry -> entry.getKey().endsWith(".context_length"))
                .filter(entry -> entry.getValue() instanceof Number)
                .map(entry -> ((Number) entry.getValue()).intValue())
                .findFirst().orElse(null);
    }

    private String id() {
        return "ollama/" + model;
    }
}
