package dev.tandem.llm;

import dev.tandem.llm.ModelDescription.InferenceSettings;
import dev.tandem.llm.ModelDescription.ModelCapabilities;
import dev.tandem.llm.ModelDescription.ModelIdentification;
import dev.tandem.llm.ModelDescription.TokenizerDetails;

/** Everything Tandem knows about one backend's model, as served at {@code GET /v1/models/{id}}. */
public record ModelContext(
        ModelIdentification identification,
        ModelCapabilities capabilities,
        InferenceSettings inference,
        TokenizerDetails tokenizer,
        RuntimeProperties runtime) {

    /** {@code circuitState}: closed, open or half_open; latency is a moving average of recent successful calls. */
    public record RuntimeProperties(boolean reachable, Double latencyMovingAverageMs, String circuitState,
            long calls, long failures) {
    }

    public static ModelContext of(ModelDescription description, RuntimeProperties runtime) {
        return new ModelContext(description.identification(), description.capabilities(), description.inference(),
                description.tokenizer(), runtime);
    }
}
