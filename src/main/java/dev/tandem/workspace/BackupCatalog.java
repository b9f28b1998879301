package dev.tandem.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The backups found under {@code backups/}, newest first; files not named as backups are passed over. */
final class BackupCatalog {

    /** An entry with its stamp, which also orders backups taken in the same second. */
    private record Stamped(Stamp stamp, BackupEntry entry) {
    }

    private final BackupLayout layout;

    BackupCatalog(BackupLayout layout) {
        this.layout = layout;
    }

    List<BackupEntry> entries() {
        List<Stamped> backups = new ArrayList<>();
        for (Path copyFolder : subfolders(layout.kindFolder(BackupKind.SIMPLE_COPY))) {
            layout.copyStamp(copyFolder)
                    .ifPresent(stamp -> backups.add(new Stamped(stamp, copyEntry(copyFolder, stamp))));
        }
        Path snapshots = layout.kindFolder(BackupKind.PRE_EDIT_SNAPSHOT);
        if (Files.isDirectory(snapshots)) {
            for (Path snapshotFile : FileTree.of(snapshots).files()) {
                layout.snapshotName(snapshotFile)
                        .ifPresent(name -> backups.add(new Stamped(name.stamp(), snapshotEntry(snapshotFile, name))));
            }
        }
        return backups.stream()
                .sorted(Comparator.comparing(Stamped::stamp).reversed().thenComparing(backup -> backup.entry().id()))
                .map(Stamped::entry)
                .toList();
    }

    private BackupEntry copyEntry(Path copyFolder, Stamp stamp) {
        FileTree tree = FileTree.of(copyFolder);
        return new BackupEntry(layout.id(copyFolder), BackupKind.SIMPLE_COPY, stamp.time().toString(),
                tree.files().stream().map(file -> RelativePaths.between(copyFolder, file)).toList(), tree.bytes());
    }

    private BackupEntry snapshotEntry(Path snapshotFile, BackupLayout.SnapshotName name) {
        return new BackupEntry(layout.id(snapshotFile), BackupKind.PRE_EDIT_SNAPSHOT, name.stamp().time().toString(),
                List.of(name.workspaceFile()), FileTree.of(snapshotFile).bytes());
    }

    private static List<Path> subfolders(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(path -> Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + folder, e);
        }
    }
}
