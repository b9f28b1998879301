package dev.tandem.tool;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Where a tool of a 2026-07-28 request leaves the point it stopped at to wait for its client's answer
 * ({@link InputRequiredSignal}), and finds it again when the answer comes, on whichever replica: the point travels in
 * the sealed {@code requestState}, so it is neither readable nor changeable by the client. It is JSON, compressed,
 * and at most {@link #MAX_CHARS} characters once encoded, so that the state a client echoes stays small; a tool whose
 * point is larger must not wait for an answer (it decides without one). The transport context of such a request
 * carries it under {@link #CONTEXT_KEY}; a request of the session era has none.
 */
public final class Resumption {

    public static final String CONTEXT_KEY = "tandem.mcp.resumption";
    /** The largest encoded point, in characters: 64 KiB before the state's own sealing. */
    public static final int MAX_CHARS = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String restored;
    private volatile String kept;

    /** @param restored the encoded point an earlier round kept, or null */
    public Resumption(String restored) {
        this.restored = restored;
    }

    /** The point an earlier round of this request stopped at. */
    public <T> Optional<T> restored(Class<T> type) {
        if (restored == null) {
            return Optional.empty();
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(Base64.getUrlDecoder()
                .decode(restored)))) {
            return Optional.of(JSON.readValue(in, type));
        } catch (IOException e) {
            // sealed by a replica of this server, so it was readable when kept: another version of the point
            throw new UncheckedIOException("A resumption point this server kept could not be read", e);
        }
    }

    /** The point encoded, or empty when it is larger than {@link #MAX_CHARS}. */
    public static Optional<String> encode(Object point) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            JSON.writeValue(out, point);
        } catch (IOException e) {
            throw new UncheckedIOException("A resumption point could not be written", e);
        }
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
        return encoded.length() <= MAX_CHARS ? Optional.of(encoded) : Optional.empty();
    }

    /** Keeps an encoded point for the next round: the tool is about to wait for its client's answer. */
    public void keep(String encoded) {
        kept = encoded;
    }

    /** The point this round kept, to seal into the request's state. */
    public Optional<String> kept() {
        return Optional.ofNullable(kept);
    }
}
