package dev.tandem.llm.emulator;

import java.util.HashMap;
import java.util.Map;

/**
 * Tandem's settings for the pair most LLM tests run: an Ollama emulator as the local model ({@value #LOCAL_MODEL}) and
 * an OpenAI emulator as the provider (the model it serves, with the key it accepts).
 */
public final class EmulatedModels {

    public static final String LOCAL_MODEL = "llama3.2";

    private EmulatedModels() {
    }

    /** The pair's settings, then {@code more} (added, or replacing the pair's). */
    public static Map<String, String> settings(OllamaEmulator ollama, OpenAiEmulator openai,
            Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "tandem.provider", "openai",
                "tandem.openai.base.url", openai.baseUrl() + "/v1",
                "tandem.openai.model", openai.model(),
                "tandem.openai.api.key", openai.apiKey(),
                "tandem.ollama.url", ollama.baseUrl(),
                "tandem.ollama.model", LOCAL_MODEL));
        settings.putAll(more);
        return settings;
    }
}
