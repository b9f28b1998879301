package dev.tandem.llm.backend.embedded;

/** A file that is not a GGUF model llama.cpp can load: missing, not GGUF, truncated or corrupt. */
public final class InvalidModelFile extends RuntimeException {

    public InvalidModelFile(String message) {
        super(message, null, false, false);
    }
}
