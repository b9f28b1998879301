package dev.tandem.llm.backend.embedded;

import java.util.ArrayList;
import java.util.List;

/**
 * A SentencePiece ({@code llama}) vocabulary llama.cpp accepts: {@code <unk>}, BOS {@code <s>}, EOS {@code </s>},
 * ChatML's two control tokens, the 256 byte tokens any text falls back to, then the pieces added, and the ChatML
 * template that uses them.
 */
final class SentencePieceVocabulary {

    private static final String CHAT_TEMPLATE = "{% for message in messages %}<|im_start|>{{ message['role'] }}\n"
            + "{{ message['content'] }}<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n"
            + "{% endif %}";
    private static final int TOKEN_NORMAL = 1, TOKEN_UNKNOWN = 2, TOKEN_CONTROL = 3, TOKEN_BYTE = 6;

    private final List<String> tokens = new ArrayList<>();
    private final List<Integer> types = new ArrayList<>();
    private final List<Float> scores = new ArrayList<>();

    SentencePieceVocabulary() {
        token("<unk>", TOKEN_UNKNOWN, 0);
        token("<s>", TOKEN_CONTROL, 0);
        token("</s>", TOKEN_CONTROL, 0);
        token("<|im_start|>", TOKEN_CONTROL, 0);
        token("<|im_end|>", TOKEN_CONTROL, 0);
        for (int b = 0; b < 256; b++) {
            token(String.format("<0x%02X>", b), TOKEN_BYTE, 0);
        }
    }

    /** Adds a piece of text ({@code ▁} stands for a space); the higher its score, the sooner the tokenizer uses it. */
    void add(String piece, float score) {
        token(piece, TOKEN_NORMAL, score);
    }

    int size() {
        return tokens.size();
    }

    /** Whether the token is text: not a control token (BOS, EOS, ChatML's) nor a byte, maybe half a character. */
    boolean speakable(int token) {
        return types.get(token) == TOKEN_NORMAL;
    }

    void describe(GgufWriter gguf) {
        gguf.text("tokenizer.ggml.model", "llama")
                .texts("tokenizer.ggml.tokens", tokens)
                .f32s("tokenizer.ggml.scores", scores)
                .i32s("tokenizer.ggml.token_type", types)
                .u32("tokenizer.ggml.bos_token_id", 1)
                .u32("tokenizer.ggml.eos_token_id", 2)
                .text("tokenizer.chat_template", CHAT_TEMPLATE);
    }

    private void token(String text, int type, float score) {
        tokens.add(text);
        types.add(type);
        scores.add(score);
    }
}
