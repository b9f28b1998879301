package dev.tandem.ingest;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a watched folder reads besides its hidden files, which the consumer skips itself:
 * <ul>
 * <li>not a file that belongs to the program writing it: a download in progress (or the folder Safari downloads into),
 * a temporary or swap file, an Office lock file. Taken, it was read, rejected and moved to {@code .failed} from under
 * the browser or the editor;</li>
 * <li>not a link to a folder. Followed, a link to a folder above looped (40 levels deep until the system refused,
 * each file indexed under {@code sub/loop/sub/loop/...} and moved into as deep a tree under {@code .done}), and one
 * to a folder elsewhere moved that folder's files into the inbox's {@code .done}. Each link is reported once.</li>
 * <li>not a file whose name leaves no room for the read lock's {@code <name>.camelLock} within a file name's 255
 * bytes: it could never be locked, and every poll failed on it with a stack trace. It stays where it is, reported
 * once, until it is renamed.</li>
 * </ul>
 */
public final class WatchedFolderFilter implements GenericFileFilter<File> {

    /** Names of files their program is still writing or holds: downloads, temporary and swap files, Office locks. */
    private static final Pattern IN_USE = Pattern.compile(
            "~\\$.*|.*\\.(crdownload|part|partial|download|tmp|temp|swp|swx)", Pattern.CASE_INSENSITIVE);
    private static final Logger LOG = LoggerFactory.getLogger(WatchedFolderFilter.class);
    /** The longest name a file may have with room for {@code .camelLock} (10 bytes) in a file name's 255. */
    public static final int MAX_NAME_BYTES = 245;

    private final Set<Path> reported = ConcurrentHashMap.newKeySet();

    /** Whether a file of this name is left to the program writing it. */
    public static boolean inUse(String fileName) {
        return IN_USE.matcher(fileName).matches();
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        if (inUse(file.getFileNameOnly())) {
            return false; // a folder too: Safari downloads into a report.pdf.download bundle
        }
        if (!file.isDirectory()) {
            return lockable(file.getFile().toPath());
        }
        Path folder = file.getFile().toPath();
        if (!Files.isSymbolicLink(folder)) {
            return true;
        }
        if (reported.add(folder)) {
            LOG.warn("Not following {}, a link to a folder: links inside a watched folder are not followed (they can"
                    + " loop, or lead to files that are not the inbox's to move). To ingest its target, add it to"
                    + " TANDEM_INBOX.", folder);
        }
        return false;
    }

    /** Whether a file of this name leaves room for its read lock's file beside it. */
    public static boolean lockable(String fileName) {
        return fileName.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES;
    }

    private boolean lockable(Path path) {
        String name = path.getFileName().toString();
        if (lockable(name)) {
            return true;
        }
        if (reported.add(path)) {
            LOG.warn("Not reading {}: its name is {} bytes, and the lock file Tandem keeps beside a file while it reads"
                    + " it needs 10 more within the 255 a file name may have. Rename it to at most {} bytes to have it"
                    + " ingested.", path, name.getBytes(StandardCharsets.UTF_8).length, MAX_NAME_BYTES);
        }
        return false;
    }
}
