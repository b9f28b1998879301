package dev.tandem.llm.backend.embedded;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a GGUF file's header says: its metadata (arrays are kept as their length only), how many weights it holds,
 * and its size. Read by {@link GgufReader}, which also checks that the file holds every tensor it announces.
 */
public record GgufFile(Path path, int version, Map<String, Object> metadata, Map<String, Long> arrayLengths,
        long parameterCount, long sizeBytes) {

    public GgufFile {
        metadata = Map.copyOf(metadata);
        arrayLengths = Map.copyOf(arrayLengths);
    }

    public static GgufFile read(Path file) {
        return GgufReader.read(file);
    }

    public Optional<String> text(String key) {
        return Optional.ofNullable(metadata.get(key)).map(Object::toString);
    }

    public Optional<Long> number(String key) {
        return Optional.ofNullable(metadata.get(key)).filter(Number.class::isInstance)
                .map(n -> ((Number) n).longValue());
    }

    public String architecture() {
        return text("general.architecture").orElse("unknown");
    }

    /** {@code general.name}, else the file name without {@code .gguf}. */
    public String name() {
        return text("general.name").filter(n -> !n.isBlank())
                .orElse(path.getFileName().toString().replaceFirst("(?i)\\.gguf$", ""));
    }

    public Optional<Integer> contextLength() {
        return number(architecture() + ".context_length").map(Long::intValue);
    }

    /** The weights' quantization as llama.cpp names it ({@code Q4_K_M}, {@code F16}), from {@code general.file_type}. */
    public Optional<String> quantization() {
        return number("general.file_type").map(t -> FileTypes.name(t.intValue()));
    }

    /** The size as model cards give it: {@code 494M}, {@code 1.5B}. */
    public String parameterSize() {
        if (parameterCount >= 1_000_000_000L) {
            return String.format(java.util.Locale.ROOT, "%.1fB", parameterCount / 1e9);
        }
        if (parameterCount >= 1_000_000L) {
            return Math.round(parameterCount / 1e6) + "M";
        }
        return Math.round(parameterCount / 1e3) + "K";
    }

    /** Whether llama.cpp puts a BOS token before the prompt (its default for SentencePiece vocabularies). */
    public boolean addsBosToken() {
        Object flag = metadata.get("tokenizer.ggml.add_bos_token");
        return flag instanceof Boolean b ? b : "llama".equals(metadata.get("tokenizer.ggml.model"));
    }

    public Optional<String> tokenizer() {
        return text("tokenizer.ggml.model");
    }

    /** llama.cpp's {@code llama_ftype} numbers and names. */
    private static final class FileTypes {
        private static final String[] NAMES = {"F32", "F16", "Q4_0", "Q4_1", null, null, null, "Q8_0", "Q5_0",
                "Q5_1", "Q2_K", "Q3_K_S", "Q3_K_M", "Q3_K_L", "Q4_K_S", "Q4_K_M", "Q5_K_S", "Q5_K_M", "Q6_K",
                "IQ2_XXS", "IQ2_XS", "Q2_K_S", "IQ3_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S", "IQ3_M", "IQ2_S",
                "IQ2_M", "IQ4_XS", "IQ1_M", "BF16"};

        static String name(int fileType) {
            int type = fileType & 0x3FF; // llama.cpp marks types it guessed with bit 10
            return type < NAMES.length && NAMES[type] != null ? NAMES[type] : "type " + type;
        }
    }
}
