package dev.tandem.llm.minions;

/**
 * A tokenizer-free estimate of how many tokens a text costs: four characters a token, the usual rule of thumb for
 * English with the tokenizers of Llama, GPT and Nova. Only sizes pieces and compares with the threshold; usage is
 * always what the backends report.
 */
public final class Tokens {

    public static final int CHARS_PER_TOKEN = 4;

    private Tokens() {
    }

    public static int estimate(String text) {
        return (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }
}
