package dev.tandem.workspace;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How backups are laid out under {@code <root>/backups/}: simple copies in {@code simple_copies/<stamp>/} keeping
 * workspace paths, snapshots in {@code pre_edit_snapshots/<workspace path>.<stamp>}. A backup's id is its path under
 * {@code backups/}.
 */
final class BackupLayout {

    static final String FOLDER = "backups";

    private static final Pattern SNAPSHOT_NAME = Pattern.compile("(?<name>.+)\\." + Stamp.PATTERN.pattern());

    private final Path folder;

    BackupLayout(Path workspaceRoot) {
        this.folder = workspaceRoot.resolve(FOLDER);
    }

    /** Whether {@code path} is the backups folder or inside it. */
    boolean contains(Path path) {
        return path.startsWith(folder);
    }

    Path kindFolder(BackupKind kind) {
        return folder.resolve(kind.folder());
    }

    Path copyFolder(Stamp stamp) {
        return kindFolder(BackupKind.SIMPLE_COPY).resolve(stamp.toString());
    }

    Path snapshotFile(String workspaceFile, Stamp stamp) {
        return kindFolder(BackupKind.PRE_EDIT_SNAPSHOT).resolve(workspaceFile + "." + stamp);
    }

    String id(Path location) {
        return RelativePaths.between(folder, location);
    }

    /** The workspace file a snapshot holds and when it was taken, read from the snapshot's name. */
    record SnapshotName(String workspaceFile, Stamp stamp) {
    }

    /** When the simple copy in {@code copyFolder} was made, if the folder is named as a copy. */
    Optional<Stamp> copyStamp(Path copyFolder) {
        return Stamp.parse(copyFolder.getFileName().toString());
    }

    /** What {@code snapshotFile} holds, if it is named as a snapshot. */
    Optional<SnapshotName> snapshotName(Path snapshotFile) {
        Matcher name = SNAPSHOT_NAME.matcher(snapshotFile.getFileName().toString());
        if (!name.matches()) {
            return Optional.empty();
        }
        Path workspaceFile = snapshotFile.resolveSibling(name.group("name"));
        return Optional.of(new SnapshotName(
                RelativePaths.between(kindFolder(BackupKind.PRE_EDIT_SNAPSHOT), workspaceFile), Stamp.of(name)));
    }
}
