package dev.tandem.llm.backend.embedded;

import java.nio.file.Path;

/**
 * How the model is loaded and shared: the GGUF file, the context size in tokens (0: the model's own), the threads
 * that generate, the prompt batch size, and how many requests may wait while one answer is generated.
 */
public record EmbeddedSettings(Path gguf, int contextSize, int threads, int batchSize, int queue) {

    /** Cores − 1, so that ingestion and HTTP keep a core. */
    public static int defaultThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }
}
