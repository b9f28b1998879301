package dev.tandem.llm.backend.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a llama-architecture GGUF with the shape of a real small instruction model (embedding length, layers,
 * heads, KV heads, feed-forward length, vocabulary size, context, tied output) and random Q8_0 weights from a fixed
 * seed: its answers are nonsense, but a forward pass costs what the real model's costs and it takes as much memory,
 * so it measures speed and memory where no real model can be downloaded. Norm weights are F32 ones, as in llama.cpp's
 * own Q8_0 files. The output reuses the embeddings, and their dimension 0 keeps the model from ending on its own: 64
 * for text pieces, 32 for control and byte tokens. Whatever the last token, the hidden state carries its positive
 * dimension 0, so a text piece scores higher than any other token by far, and an answer is as long as
 * {@code max_tokens} (and never half a UTF-8 character).
 */
public final class SyntheticGguf {

    /** Real models' dimensions (from their config.json), written as llama architecture. */
    public static final Map<String, LlamaShape> SHAPES = shapes();

    private static final int FILE_TYPE_Q8_0 = 7; // LLAMA_FTYPE_MOSTLY_Q8_0
    private static final short SCALE_WEIGHTS = half(-12); // uniform int8 × 2^-12: a spread of 0.018, as at training start
    private static final short SCALE_KIND = half(-1); // 127 × 2^-1 for text, 64 × 2^-1 else: far above the layers' noise
    private static final long SEED = 20;

    private final LlamaShape shape;
    private final SentencePieceVocabulary vocabulary;
    private final SplittableRandom random = new SplittableRandom(SEED);
    private final byte[] block = new byte[32];

    private SyntheticGguf(LlamaShape shape) {
        this.shape = shape;
        this.vocabulary = vocabulary(shape.vocabulary());
    }

    /** Writes the model of the named shape (one of {@link #SHAPES}) into {@code target/synthetic-gguf/}. */
    public static Path inTarget(String shapeName) {
        LlamaShape shape = SHAPES.get(shapeName);
        if (shape == null) {
            throw new IllegalArgumentException("no synthetic shape " + shapeName + "; known: " + SHAPES.keySet());
        }
        return write(shape, Path.of("target", "synthetic-gguf", shapeName + ".gguf"));
    }

    /** Writes the model to {@code file} (replacing it); the same shape always gives the same bytes. */
    static Path write(LlamaShape shape, Path file) {
        return new SyntheticGguf(shape).gguf().write(file);
    }

    private static Map<String, LlamaShape> shapes() {
        Map<String, LlamaShape> shapes = new LinkedHashMap<>();
        shapes.put("smollm2-135m", new LlamaShape("synthetic-smollm2-135m", 576, 30, 9, 3, 1536, 49152, 8192, true));
        shapes.put("smollm2-360m", new LlamaShape("synthetic-smollm2-360m", 960, 32, 15, 5, 2560, 49152, 8192, true));
        // Qwen2 is llama plus biases on q, k and v (3 × 1152 values a layer): the same cost to a fraction of a percent
        shapes.put("qwen2.5-0.5b", new LlamaShape("synthetic-qwen2.5-0.5b", 896, 24, 14, 2, 4864, 151936, 32768,
                true));
        return Map.copyOf(shapes);
    }

    /** Lowercase pieces by length (a, ▁a, b, ▁b, ..., aa, ▁aa, ...) until the vocabulary has its size. */
    private static SentencePieceVocabulary vocabulary(int size) {
        SentencePieceVocabulary vocabulary = new SentencePieceVocabulary();
        for (int length = 1; vocabulary.size() < size; length++) {
            char[] letters = new char[length];
            java.util.Arrays.fill(letters, 'a');
            while (vocabulary.size() < size) {
                String piece = new String(letters);
                vocabulary.add(piece, -vocabulary.size());
                if (vocabulary.size() < size) {
                    vocabulary.add("\u2581" + piece, -vocabulary.size());
                }
                if (!next(letters)) {
                    break;
                }
            }
        }
        return vocabulary;
    }

    /** Counts {@code letters} up in base 26; false once it has passed zzz...z. */
    private static boolean next(char[] letters) {
        for (int i = letters.length - 1; i >= 0; i--) {
            if (letters[i] < 'z') {
                letters[i]++;
                return true;
            }
            letters[i] = 'a';
        }
        return false;
    }

    private GgufWriter gguf() {
        GgufWriter gguf = new GgufWriter();
        shape.describe(gguf, FILE_TYPE_Q8_0);
        vocabulary.describe(gguf);
        shape.tensors().forEach((name, dimensions) -> {
            if (dimensions.length == 1) {
                gguf.tensor(name, GgufWriter.TensorType.F32, dimensions, out -> {
                    for (long i = 0; i < dimensions[0]; i++) {
                        out.f32(1f);
                    }
                });
            } else if (name.equals("token_embd.weight")) {
                gguf.tensor(name, GgufWriter.TensorType.Q8_0, dimensions, this::embeddings);
            } else {
                gguf.tensor(name, GgufWriter.TensorType.Q8_0, dimensions,
                        out -> randomBlocks(out, dimensions[0] * dimensions[1] / 32));
            }
        });
        return gguf;
    }

    /** Each token's row: a first block that is 64 (text) or 32 (control, byte) then zeros, then random blocks. */
    private void embeddings(GgufWriter.Output out) {
        int blocksPerRow = shape.embedding() / 32;
        byte[] first = new byte[32];
        for (int token = 0; token < shape.vocabulary(); token++) {
            first[0] = (byte) (vocabulary.speakable(token) ? 127 : 64);
            out.u16(SCALE_KIND);
            out.bytes(first);
            randomBlocks(out, blocksPerRow - 1);
        }
    }

    /** Q8_0 blocks: the scale as F16, then 32 int8 values, uniform in [-127, 127] as ggml's quantizer makes them. */
    private void randomBlocks(GgufWriter.Output out, long blocks) {
        for (long b = 0; b < blocks; b++) {
            out.u16(SCALE_WEIGHTS);
            for (int i = 0; i < 32; i += 8) {
                long bits = random.nextLong();
                for (int j = 0; j < 8; j++) {
                    byte value = (byte) (bits >>> (8 * j));
                    block[i + j] = value == Byte.MIN_VALUE ? -127 : value;
                }
            }
            out.bytes(block);
        }
    }

    /** The F16 bits of 2^exponent (a normal F16: exponent from -14 to 15). */
    private static short half(int exponent) {
        return (short) ((exponent + 15) << 10);
    }
}
