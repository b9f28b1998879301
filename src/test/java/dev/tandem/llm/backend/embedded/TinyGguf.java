package dev.tandem.llm.backend.embedded;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
    static final String CHAT_TEMPLATE = "{% for message in messages %}<|im_start|>{{ message['role'] }}\n"
            + "{{ message['content'] }}<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n"
            + "{% endif %}";

    private static final int ALIGNMENT = 32;
    private static final int TYPE_UINT32 = 4, TYPE_INT32 = 5, TYPE_FLOAT32 = 6, TYPE_STRING = 8, TYPE_ARRAY = 9;
    private static final int TOKEN_NORMAL = 1, TOKEN_UNKNOWN = 2, TOKEN_CONTROL = 3, TOKEN_BYTE = 6;
    private static final String[] WORDS = {"hello", "world", "tandem", "local", "model", "answer", "the", "a", "is",
            "of", "and", "to", "in", "it", "on", "at", "by", "we", "you", "they"};

    private final List<String> tokens = new ArrayList<>();
    private final List<Integer> tokenTypes = new ArrayList<>();
    private final List<Float> scores = new ArrayList<>();
    private final Random random = new Random(20);

    private TinyGguf() {
        token("<unk>", TOKEN_UNKNOWN, 0);
        token("<s>", TOKEN_CONTROL, 0);
        token("</s>", TOKEN_CONTROL, 0);
        token("<|im_start|>", TOKEN_CONTROL, 0);
        token("<|im_end|>", TOKEN_CONTROL, 0);
        for (int b = 0; b < 256; b++) {
            token(String.format("<0x%02X>", b), TOKEN_BYTE, 0);
        }
        float score = -1;
        for (String word : WORDS) {
            token("\u2581" + word, TOKEN_NORMAL, score--);
        }
        for (char c = 'a'; c <= 'z'; c++) {
            token(String.valueOf(c), TOKEN_NORMAL, score--);
        }
        for (String piece : new String[] {"\u2581", ".", ",", "!", "?", "\n"}) {
            token(piece, TOKEN_NORMAL, score--);
        }
    }

    /** Writes the model to {@code file} (replacing it) and returns the file. */
    static Path write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
                new TinyGguf().writeTo(out);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The model in {@code target/tiny-llama.gguf}, written once per JVM. */
    public static synchronized Path inTarget() {
        Path file = Path.of("target", "tiny-gguf", "tiny-llama.gguf");
        return Files.isRegularFile(file) ? file : write(file);
    }

    private void token(String text, int type, float score) {
        tokens.add(text);
        tokenTypes.add(type);
        scores.add(score);
    }

    private void writeTo(OutputStream out) throws IOException {
        Map<String, float[]> tensors = tensors();
        Map<String, long[]> shapes = shapes();
        Gguf file = new Gguf();
        file.bytes("GGUF".getBytes(StandardCharsets.US_ASCII));
        file.u32(3);
        file.u64(tensors.size());
        file.u64(17);
        file.keyString("general.architecture", "llama");
        file.keyString("general.name", "tiny-llama");
        file.key("general.file_type", TYPE_UINT32).u32(0);
        file.key("llama.context_length", TYPE_UINT32).u32(CONTEXT);
        file.key("llama.embedding_length", TYPE_UINT32).u32(EMBEDDING);
        file.key("llama.block_count", TYPE_UINT32).u32(LAYERS);
        file.key("llama.feed_forward_length", TYPE_UINT32).u32(FEED_FORWARD);
        file.key("llama.attention.head_count", TYPE_UINT32).u32(HEADS);
        file.key("llama.attention.head_count_kv", TYPE_UINT32).u32(HEADS);
        file.key("llama.attention.layer_norm_rms_epsilon", TYPE_FLOAT32).f32(1e-5f);
        file.keyString("tokenizer.ggml.model", "llama");
        file.key("tokenizer.ggml.tokens", TYPE_ARRAY).u32(TYPE_STRING).u64(tokens.size());
        tokens.forEach(file::string);
        file.key("tokenizer.ggml.scores", TYPE_ARRAY).u32(TYPE_FLOAT32).u64(scores.size());
        scores.forEach(file::f32);
        file.key("tokenizer.ggml.token_type", TYPE_ARRAY).u32(TYPE_INT32).u64(tokenTypes.size());
        tokenTypes.forEach(file::u32);
        file.key("tokenizer.ggml.bos_token_id", TYPE_UINT32).u32(1);
        file.key("tokenizer.ggml.eos_token_id", TYPE_UINT32).u32(2);
        file.keyString("tokenizer.chat_template", CHAT_TEMPLATE);
        long offset = 0;
        for (Map.Entry<String, float[]> tensor : tensors.entrySet()) {
            long[] shape = shapes.get(tensor.getKey());
            file.string(tensor.getKey());
            file.u32(shape.length);
            for (long dimension : shape) {
                file.u64(dimension);
            }
            file.u32(0); // GGML_TYPE_F32
            file.u64(offset);
            offset = aligned(offset + 4L * tensor.getValue().length);
        }
        file.pad();
        for (float[] values : tensors.values()) {
            for (float value : values) {
                file.f32(value);
            }
            file.pad();
        }
        out.write(file.buffer.array(), 0, file.buffer.position());
    }

    private Map<String, long[]> shapes() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        int vocabulary = tokens.size();
        shapes.put("token_embd.weight", new long[] {EMBEDDING, vocabulary});
        shapes.put("output_norm.weight", new long[] {EMBEDDING});
        shapes.put("output.weight", new long[] {EMBEDDING, vocabulary});
        for (int layer = 0; layer < LAYERS; layer++) {
            String block = "blk." + layer + ".";
            shapes.put(block + "attn_norm.weight", new long[] {EMBEDDING});
            shapes.put(block + "attn_q.weight", new long[] {EMBEDDING, EMBEDDING});
            shapes.put(block + "attn_k.weight", new long[] {EMBEDDING, EMBEDDING});
            shapes.put(block + "attn_v.weight", new long[] {EMBEDDING, EMBEDDING});
            shapes.put(block + "attn_output.weight", new long[] {EMBEDDING, EMBEDDING});
            shapes.put(block + "ffn_norm.weight", new long[] {EMBEDDING});
            shapes.put(block + "ffn_gate.weight", new long[] {EMBEDDING, FEED_FORWARD});
            shapes.put(block + "ffn_down.weight", new long[] {FEED_FORWARD, EMBEDDING});
            shapes.put(block + "ffn_up.weight", new long[] {EMBEDDING, FEED_FORWARD});
        }
        return shapes;
    }

    private Map<String, float[]> tensors() {
        Map<String, float[]> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> shape : shapes().entrySet()) {
            String name = shape.getKey();
            int size = (int) java.util.Arrays.stream(shape.getValue()).reduce(1, (a, b) -> a * b);
            float[] values = new float[size];
            for (int i = 0; i < size; i++) {
                values[i] = name.endsWith("norm.weight") ? 1f : (float) (random.nextGaussian() * 0.02);
            }
            tensors.put(name, values);
        }
        float[] embeddings = tensors.get("token_embd.weight");
        float[] output = tensors.get("output.weight");
        for (int token = 0; token < tokens.size(); token++) {
            embeddings[token * EMBEDDING] = 1f;
            boolean speakable = tokenTypes.get(token) == TOKEN_NORMAL;
            output[token * EMBEDDING] = speakable ? 0f : -4f;
            for (int d = 1; d < EMBEDDING; d++) {
                output[token * EMBEDDING + d] *= 100; // spread the logits so sampling has something to choose
            }
        }
        return tensors;
    }

    private static long aligned(long offset) {
        return (offset + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    /** A growing little-endian buffer with GGUF's primitive encodings. */
    private static final class Gguf {
        private ByteBuffer buffer = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);

        private void room(int bytes) {
            if (buffer.remaining() < bytes) {
                ByteBuffer larger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes))
                        .order(ByteOrder.LITTLE_ENDIAN);
                buffer.flip();
                larger.put(buffer);
                buffer = larger;
            }
        }

        Gguf bytes(byte[] bytes) {
            room(bytes.length);
            buffer.put(bytes);
            return this;
        }

        Gguf u32(int value) {
            room(4);
            buffer.putInt(value);
            return this;
        }

        Gguf u64(long value) {
            room(8);
            buffer.putLong(value);
            return this;
        }

        Gguf f32(float value) {
            room(4);
            buffer.putFloat(value);
            return this;
        }

        Gguf string(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            u64(utf8.length);
            return bytes(utf8);
        }

        Gguf key(String name, int type) {
            string(name);
            return u32(type);
        }

        void keyString(String name, String value) {
            key(name, TYPE_STRING).string(value);
        }

        void pad() {
            while (buffer.position() % ALIGNMENT != 0) {
                bytes(new byte[1]);
            }
        }
    }
}
