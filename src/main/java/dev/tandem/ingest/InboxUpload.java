package dev.tandem.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.tandem.http.ApiException;
import dev.tandem.http.InvalidRequestException;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * {@code POST /api/inbox?name=<file name>} with the file's bytes as the body: the file lands in the first watched
 * folder and takes the folder's own way from there (parsed, indexed, moved to {@code .done} or {@code .failed}).
 * It is written under a hidden name first, which the folder ignores, and renamed when complete, so the folder never
 * reads half a file; a name already waiting in the folder is refused rather than replaced.
 */
public final class InboxUpload {

    /** One plain file name: no folder, not hidden (the folder ignores those), no control characters. */
    private static final Pattern NAME = Pattern.compile("[^./\\\\\\p{Cntrl}][^/\\\\\\p{Cntrl}]{0,199}");

    private final Path inbox;
    private final long maxFileBytes;

    public InboxUpload(Path inbox, long maxFileBytes) {
        this.inbox = inbox;
        this.maxFileBytes = maxFileBytes;
    }

    public Map<String, Object> receive(@Header("name") String name, Exchange exchange) throws IOException {
        if (name == null || !NAME.matcher(name).matches() || name.strip().isEmpty()) {
            throw new InvalidRequestException("Give the file's name as ?name=: a plain file name (no folder, not"
                    + " starting with '.', at most 200 characters).");
        }
        if (WatchedFolderFilter.inUse(name)) {
            throw new InvalidRequestException("A file named " + name + " would wait in the inbox unread: the inbox"
                    + " leaves downloads in progress, temporary and lock files to their program. Send it under its"
                    + " final name.");
        }
        Path target = inbox.resolve(name).toAbsolutePath().normalize();
        Files.createDirectories(inbox);
        Path partial = inbox.resolve(".upload-" + UUID.randomUUID());
        long size;
        try (InputStream body = exchange.getMessage().getBody(InputStream.class)) {
            size = body == null ? 0 : Files.copy(body, partial);
        }
        try {
            if (size == 0) {
                throw new InvalidRequestException("The file " + name + " is empty: there is nothing to index.");
            }
            if (size > maxFileBytes) {
                throw new ApiException(413, "invalid_request_error", "file_too_large", "The file " + name + " has "
                        + size + " bytes; the inbox takes at most " + maxFileBytes + " (TANDEM_INGEST_MAX_FILE_MB).");
            }
            // a link, not a rename: rename would replace a file of that name silently
            Files.createLink(target, partial);
        } catch (FileAlreadyExistsException e) {
            throw new ApiException(409, "invalid_request_error", "file_exists", "A file named " + name + " is"
                    + " waiting in the inbox already; rename yours or wait until it has been read.");
        } finally {
            Files.deleteIfExists(partial);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("name", name);
        answer.put("source", target.toString());
        answer.put("bytes", size);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        return answer;
    }
}
