package dev.tandem.workspace;

import java.util.List;

/**
 * A backup of either kind, as {@code backup_list} shows it.
 *
 * @param id      what {@code backup_restore} takes; the backup lives at {@code backups/<id>}
 * @param created ISO-8601, to the second
 * @param files   the workspace files it holds, relative to the workspace root
 */
public record BackupEntry(String id, BackupKind kind, String created, List<String> files, long bytes) {

    public BackupEntry {
        files = List.copyOf(files);
    }
}
