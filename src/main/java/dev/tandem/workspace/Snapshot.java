package dev.tandem.workspace;

/**
 * One file as it was at a moment.
 *
 * @param id      what {@code backup_restore} takes: {@code pre_edit_snapshots/<file>.<stamp>}, a file under
 *                {@code backups/}
 * @param file    the workspace file it holds, relative to the workspace root
 * @param created ISO-8601, to the second
 */
public record Snapshot(String id, String file, String created, long bytes) {
}
