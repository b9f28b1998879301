package dev.tandem.llm;

import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image in a user turn, as the OpenAI API carries it: a {@code data:image/...;base64,...} URL, or an http(s) URL
 * that only a backend which fetches images itself (the OpenAI-compatible provider) can use; Tandem never fetches one.
 */
public record ImageInput(String url) {

    private static final Pattern DATA_URL = Pattern.compile("data:image/(png|jpeg|jpg|gif|webp);base64,(.+)",
            Pattern.DOTALL);

    /** The format ({@code png}, {@code jpeg}, {@code gif}, {@code webp}) of a data URL; empty for other URLs. */
    public Optional<String> format() {
        Matcher m = DATA_URL.matcher(url);
        return m.matches() ? Optional.of("jpg".equals(m.group(1)) ? "jpeg" : m.group(1)) : Optional.empty();
    }

    /** The base64 bytes of a data URL; empty for other URLs. */
    public Optional<String> base64() {
        Matcher m = DATA_URL.matcher(url);
        return m.matches() ? Optional.of(m.group(2)) : Optional.empty();
    }

    public Optional<byte[]> bytes() {
        return base64().map(b -> Base64.getMimeDecoder().decode(b));
    }

    /** Whether {@code url} is an image Tandem can pass on: a data URL of a known format, or http(s). */
    public static boolean usable(String url) {
        return DATA_URL.matcher(url).matches() || url.startsWith("https://") || url.startsWith("http://");
    }
}
