package dev.tandem.llm.backend.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Writes a tiny llama-architecture GGUF (version 3, F32 weights, 2 layers, a SentencePiece vocabulary of 256 byte
 * tokens plus a few words) that llama.cpp loads. Weights are random from a fixed seed, so the text is nonsense but
 * repeatable. Dimension 0 of every token embedding is large and the output rows of control and byte tokens weigh it
 * negatively: the model never ends on its own and never emits half a UTF-8 character, so tests decide when it stops.
 */
public final class TinyGguf {

    static final int EMBEDDING = 64;
    static final int HEADS = 4;
    static final int FEED_FORWARD = 128;
    static final int LAYERS = 2;
    static final int CONTEXT = 512;

    private static final String[] WORDS = {"hello", "world", "tandem", "local", "model", "answer", "the", "a", "is",
            "of", "and", "to", "in", "it", "on", "at", "by", "we", "you", "they"};

    private final SentencePieceVocabulary vocabulary = new SentencePieceVocabulary();
    private final LlamaShape shape;
    private final Random random = new Random(20);

    private TinyGguf() {
        float score = -1;
        for (String word : WORDS) {
            vocabulary.add("\u2581" + word, score--);
        }
        for (char c = 'a'; c <= 'z'; c++) {
            vocabulary.add(String.valueOf(c), score--);
        }
        for (String piece : new String[] {"\u2581", ".", ",", "!", "?", "\n"}) {
            vocabulary.add(piece, score--);
        }
        shape = new LlamaShape("tiny-llama", EMBEDDING, LAYERS, HEADS, HEADS, FEED_FORWARD, vocabulary.size(), CONTEXT,
                false);
    }

    /** Writes the model to {@code file} (replacing it) and returns the file. */
    static Path write(Path file) {
        return new TinyGguf().gguf().write(file);
    }

    /** The model in {@code target/tiny-llama.gguf}, written once per JVM. */
    public static synchronized Path inTarget() {
        Path file = Path.of("target", "tiny-gguf", "tiny-llama.gguf");
        return Files.isRegularFile(file) ? file : write(file);
    }

    private GgufWriter gguf() {
        GgufWriter gguf = new GgufWriter();
        shape.describe(gguf, 0); // LLAMA_FTYPE_ALL_F32
        vocabulary.describe(gguf);
        Map<String, long[]> shapes = shape.tensors();
        tensors(shapes).forEach((name, values) -> gguf.tensor(name, GgufWriter.TensorType.F32, shapes.get(name),
                out -> {
                    for (float value : values) {
                        out.f32(value);
                    }
                }));
        return gguf;
    }

    private Map<String, float[]> tensors(Map<String, long[]> shapes) {
        Map<String, float[]> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> tensorShape : shapes.entrySet()) {
            String name = tensorShape.getKey();
            int size = (int) Arrays.stream(tensorShape.getValue()).reduce(1, (a, b) -> a * b);
            float[] values = new float[size];
            for (int i = 0; i < size; i++) {
                values[i] = name.endsWith("norm.weight") ? 1f : (float) (random.nextGaussian() * 0.02);
            }
            tensors.put(name, values);
        }
        float[] embeddings = tensors.get("token_embd.weight");
        float[] output = tensors.get("output.weight");
        for (int token = 0; token < vocabulary.size(); token++) {
            embeddings[token * EMBEDDING] = 1f;
            output[token * EMBEDDING] = vocabulary.speakable(token) ? 0f : -4f;
            for (int d = 1; d < EMBEDDING; d++) {
                output[token * EMBEDDING + d] *= 100; // spread the logits so sampling has something to choose
            }
        }
        return tensors;
    }
}
