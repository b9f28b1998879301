package dev.tandem.ingest;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watched folders' filter: a link to a folder inside a watched folder is not followed. Followed, a link to a
 * folder above it looped (the consumer went 40 levels deep until the system refused, indexed each file under a path
 * of {@code sub/loop/sub/loop/...} and moved it into as deep a tree under {@code .done}), and a link to a folder
 * elsewhere moved that folder's files into the inbox's {@code .done}. Each link is reported once.
 */
public final class UnlinkedFolders implements GenericFileFilter<File> {

    private static final Logger LOG = LoggerFactory.getLogger(UnlinkedFolders.class);

    private final Set<Path> reported = ConcurrentHashMap.newKeySet();

    @Override
    public boolean accept(GenericFile<File> file) {
        if (!file.isDirectory()) {
            return true;
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
}
