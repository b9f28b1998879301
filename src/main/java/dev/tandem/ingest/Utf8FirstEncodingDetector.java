package dev.tandem.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.Charset;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.apache.tika.detect.EncodingDetector;
import org.apache.tika.metadata.Metadata;

/**
 * The charset of a text file: UTF-8 when its bytes decode as UTF-8 without a single error, else Tika's guess. Tika
 * guesses from the first few kilobytes, so a UTF-8 file that starts in ASCII and has its curly quotes further down
 * was read as a single-byte charset, each of those characters garbled. Text in a single-byte charset with accented
 * letters almost never forms valid UTF-8, so it still goes to Tika. Only the first {@link #CHECKED_BYTES} are checked.
 */
final class Utf8FirstEncodingDetector implements EncodingDetector {

    static final int CHECKED_BYTES = 1024 * 1024;

    private final EncodingDetector otherwise;

    Utf8FirstEncodingDetector(EncodingDetector otherwise) {
        this.otherwise = otherwise;
    }

    @Override
    public Charset detect(InputStream input, Metadata metadata) throws IOException {
        if (input != null && decodesAsUtf8(start(input))) {
            return StandardCharsets.UTF_8;
        }
        return otherwise.detect(input, metadata);
    }

    /** The first bytes of the stream, which is left where it was (Tika's readers support marks). */
    private static byte[] start(InputStream input) throws IOException {
        input.mark(CHECKED_BYTES);
        try {
            return input.readNBytes(CHECKED_BYTES);
        } finally {
            input.reset();
        }
    }

    private static boolean decodesAsUtf8(byte[] start) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        // a check cut short may end inside a character: its first bytes are not an error
        boolean wholeFile = start.length < CHECKED_BYTES;
        ByteBuffer bytes = ByteBuffer.wrap(start);
        CharBuffer chars = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(bytes, chars, wholeFile);
            if (result.isError()) {
                return false;
            }
            if (result.isUnderflow()) {
                return true;
            }
            chars.clear();
        }
    }
}
