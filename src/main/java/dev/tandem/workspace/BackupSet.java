package dev.tandem.workspace;

import java.util.List;

/**
 * A simple copy just made.
 *
 * @param id           what {@code backup_restore} takes: {@code simple_copies/<stamp>}, a folder under {@code backups/}
 * @param created      ISO-8601, to the second
 * @param files        the files copied, relative to the workspace root
 * @param missing      essential paths that did not exist, so were not copied
 * @param skippedLinks symbolic links met under the essential paths; links are never copied nor followed
 */
public record BackupSet(String id, String created, List<String> files, long bytes, List<String> missing,
        List<String> skippedLinks) {

    public BackupSet {
        files = List.copyOf(files);
        missing = List.copyOf(missing);
        skippedLinks = List.copyOf(skippedLinks);
    }
}
