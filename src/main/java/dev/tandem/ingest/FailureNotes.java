package dev.tandem.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.InvalidPayloadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code <name>.error.txt} beside a rejected document in its failed folder, saying why it was rejected (or
 * that Tandem gave it up after internal errors). For
 * sources the consumer does not move there itself (S3 objects), a copy of the document goes beside the note, so that
 * nothing is lost even when the source is deleted after reading.
 */
public final class FailureNotes {

    private static final Logger LOG = LoggerFactory.getLogger(FailureNotes.class);
    /** The longest file name most file systems take (ext4, APFS, NTFS: 255 bytes or characters). */
    private static final int MAX_NAME_BYTES = 255;

    private final IngestStatus status;

    public FailureNotes(IngestStatus status) {
        this.status = status;
    }

    public void record(Exchange exchange,
            @Header(IngestHeaders.SOURCE) String source,
            @Header(IngestHeaders.NAME) String name,
            @Header(IngestHeaders.FAILED_DIR) String failedDir,
            @Header(IngestHeaders.KEEP_FAILED_COPY) Boolean keepCopy) throws IOException, InvalidPayloadException {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = cause != null && cause.getMessage() != null ? cause.getMessage() : String.valueOf(cause);
        boolean internal = exchange.getProperty(IngestProperties.GIVE_UP, false, Boolean.class);
        if (internal) {
            // the stack trace is already in the log (InternalErrors)
            reason = "internal error, not a problem of the document (a bug in Tandem, " + InternalErrors.ATTEMPTS
                    + " attempts; the log has the stack trace): " + reason;
        } else {
            LOG.warn("Rejected {}: {}", source, reason);
        }
        status.failed(!internal, source, reason);
        if (failedDir == null || name == null) {
            return;
        }
        Path copy = inside(Path.of(failedDir), name);
        Path note = copy.resolveSibling(fitted(copy.getFileName().toString(), ".error.txt"));
        Files.createDirectories(note.getParent());
        if (Boolean.TRUE.equals(keepCopy)) {
            Files.write(copy, exchange.getMessage().getMandatoryBody(byte[].class));
        }
        Files.writeString(note, "source: " + source + "\ntime: " + Instant.now() + "\nreason: " + reason + "\n",
                StandardCharsets.UTF_8);
    }

    /**
     * Where a document of this name goes in the failed folder: always inside it. An S3 key is not a path: it may
     * start with a slash or hold {@code ..} segments, which are dropped rather than followed out of the folder, and
     * a segment may be longer than a file name may be: it is {@link #fitted}.
     */
    static Path inside(Path folder, String name) {
        Path place = folder;
        for (String part : name.split("/")) {
            if (!part.isEmpty() && !part.equals(".") && !part.equals("..")) {
                place = place.resolve(fitted(part, ""));
            }
        }
        return place.equals(folder) ? folder.resolve("unnamed") : place;
    }

    /**
     * {@code name + suffix} as a file name a file system takes: at most 255 bytes. A longer one keeps the start of
     * {@code name} (whole characters), then {@code ~} and 8 hex digits of the SHA-256 of the whole name, so that two
     * names alike up to the cut still differ, then the suffix.
     */
    static String fitted(String name, String suffix) {
        byte[] whole = name.getBytes(StandardCharsets.UTF_8);
        if (whole.length + suffix.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES) {
            return name + suffix;
        }
        String tail = "~" + DocumentParser.sha256(whole).substring(0, 8) + suffix;
        // the encoder stops where the next whole character would not fit
        CharBuffer kept = CharBuffer.wrap(name);
        StandardCharsets.UTF_8.newEncoder().encode(kept,
                ByteBuffer.allocate(MAX_NAME_BYTES - tail.getBytes(StandardCharsets.UTF_8).length), true);
        return name.substring(0, kept.position()) + tail;
    }
}
