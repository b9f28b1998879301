package dev.tandem.llm.backend.embedded;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dimensions of a llama-architecture model: what its GGUF header says about it and the tensors it holds.
 * {@code tiedOutput}: the output layer reuses the token embeddings (no {@code output.weight}), as small models do.
 */
public record LlamaShape(String name, int embedding, int layers, int heads, int kvHeads, int feedForward,
        int vocabulary, int context, boolean tiedOutput) {

    /** The architecture's metadata; the tokenizer's is the vocabulary's. */
    void describe(GgufWriter gguf, int fileType) {
        gguf.text("general.architecture", "llama")
                .text("general.name", name)
                .u32("general.file_type", fileType)
                .u32("llama.context_length", context)
                .u32("llama.embedding_length", embedding)
                .u32("llama.block_count", layers)
                .u32("llama.feed_forward_length", feedForward)
                .u32("llama.attention.head_count", heads)
                .u32("llama.attention.head_count_kv", kvHeads)
                .f32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
    }

    /** Every tensor's ggml dimensions (row length first), in the order llama.cpp's converter writes them. */
    Map<String, long[]> tensors() {
        long keyValue = (long) embedding / heads * kvHeads;
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("token_embd.weight", new long[] {embedding, vocabulary});
        shapes.put("output_norm.weight", new long[] {embedding});
        if (!tiedOutput) {
            shapes.put("output.weight", new long[] {embedding, vocabulary});
        }
        for (int layer = 0; layer < layers; layer++) {
            String block = "blk." + layer + ".";
            shapes.put(block + "attn_norm.weight", new long[] {embedding});
            shapes.put(block + "attn_q.weight", new long[] {embedding, embedding});
            shapes.put(block + "attn_k.weight", new long[] {embedding, keyValue});
            shapes.put(block + "attn_v.weight", new long[] {embedding, keyValue});
            shapes.put(block + "attn_output.weight", new long[] {embedding, embedding});
            shapes.put(block + "ffn_norm.weight", new long[] {embedding});
            shapes.put(block + "ffn_gate.weight", new long[] {embedding, feedForward});
            shapes.put(block + "ffn_down.weight", new long[] {feedForward, embedding});
            shapes.put(block + "ffn_up.weight", new long[] {embedding, feedForward});
        }
        return shapes;
    }
}
