package dev.tandem.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.tandem.http.ApiException;
import dev.tandem.http.InvalidRequestException;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * {@code POST /api/inbox?name=<file name>} with the file's bytes as the body, or a multipart upload of one file: the
 * file lands in the first watched folder and takes the folder's own way from there (parsed, indexed, moved to
 * {@code .done} or {@code .failed}).
 * It is written under a hidden name first, which the folder ignores, and renamed when complete, so the folder never
 * reads half a file; a name already waiting in the folder is refused rather than replaced.
 */
public final class InboxUpload {

    /** One plain file name: no folder, not hidden (the folder ignores those), no control characters. */
    private static final Pattern NAME = Pattern.compile("[^./\\\\\\p{Cntrl}][^/\\\\\\p{Cntrl}]{0,199}");

    /** The number of files of a multipart upload, as platform-http counts them. */
    private static final String UPLOADED_FILES = "CamelAttachmentsSize";

    private final Path inbox;
    private final long maxFileBytes;

    public InboxUpload(Path inbox, long maxFileBytes) {
        this.inbox = inbox;
        this.maxFileBytes = maxFileBytes;
    }

    /**
     * {@code name} is the query's (or a form field's); a multipart upload ({@code curl -F file=@notes.md}) has its
     * one file as the body, and the file part's own name serves when no other is given.
     */
    public Map<String, Object> receive(@Header("name") Object given, @Header(UPLOADED_FILES) Integer files,
            @Header(Exchange.FILE_NAME) String uploadedName, Exchange exchange) throws IOException {
        if (given instanceof List<?> names) {
            throw new InvalidRequestException("name", "The file's name is given " + names.size() + " times (in the"
                    + " query and the form): give it once.");
        }
        String name = (String) given;
        if (files != null) {
            if (files != 1) {
                throw new InvalidRequestException("A multipart upload to the inbox carries one file (curl -F"
                        + " file=@notes.md); this one has " + files + ".");
            }
            if (name == null && uploadedName != null) {
                name = withoutFolders(uploadedName);
            }
        }
        if (name == null || !NAME.matcher(name).matches() || name.strip().isEmpty()) {
            throw new InvalidRequestException("Give the file's name as ?name= (a multipart upload's file part names"
                    + " it too): a plain file name (no folder, not starting with '.', at most 200 characters).");
        }
        if (!WatchedFolderFilter.lockable(name)) {
            throw new InvalidRequestException("The name " + name + " is longer than the inbox can read: at most "
                    + WatchedFolderFilter.MAX_NAME_BYTES + " bytes in UTF-8 (a file name may have 255, and the inbox"
                    + " keeps a lock file beside each file it reads). Send it under a shorter name.");
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

    /** A browser may send the path it read the file from as the file part's name. */
    private static String withoutFolders(String fileName) {
        return fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
    }
}
