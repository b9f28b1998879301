package dev.tandem.llm.backend.embedded;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Small instruction models with permissive licences that {@code pull} knows by name. {@code sha256} is given only
 * where it was verified; {@code pull} prints the digest of what it downloaded so a user can pin it.
 */
public record RecommendedModel(String name, String size, String licence, URI url, Optional<String> sha256) {

    public static final List<RecommendedModel> ALL = List.of(
            new RecommendedModel("qwen2.5-0.5b-instruct", "about 0.4 GB (Q4_K_M)", "Apache-2.0",
                    URI.create("https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/"
                            + "qwen2.5-0.5b-instruct-q4_k_m.gguf"), Optional.empty()),
            new RecommendedModel("qwen2.5-0.5b-instruct-q8", "about 0.64 GB (Q8_0)", "Apache-2.0",
                    URI.create("https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/"
                            + "qwen2.5-0.5b-instruct-q8_0.gguf"), Optional.empty()),
            new RecommendedModel("smollm2-360m-instruct", "about 0.37 GB (Q8_0)", "Apache-2.0",
                    URI.create("https://huggingface.co/ngxson/SmolLM2-360M-Instruct-Q8_0-GGUF/resolve/main/"
                            + "smollm2-360m-instruct-q8_0.gguf"), Optional.empty()));

    public static Optional<RecommendedModel> named(String name) {
        return ALL.stream().filter(m -> m.name().equalsIgnoreCase(name)).findFirst();
    }
}
