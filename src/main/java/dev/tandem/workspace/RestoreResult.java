package dev.tandem.workspace;

import java.util.List;

/**
 * What a restore changed.
 *
 * @param restored         the workspace files that now hold the backup's content, relative to the workspace root
 * @param safetySnapshots  snapshots of the files as they were before being overwritten; restoring one undoes the restore
 */
public record RestoreResult(String backupId, List<String> restored, List<Snapshot> safetySnapshots) {

    public RestoreResult {
        restored = List.copyOf(restored);
        safetySnapshots = List.copyOf(safetySnapshots);
    }
}
