package dev.tandem.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Backups of a workspace under {@code <root>/backups/} (see {@link BackupLayout}): simple copies of the essential
 * paths, snapshots of single files before an edit, their list, and restores that snapshot what they overwrite.
 * Every path stays inside the workspace, and {@code backups/} itself is never backed up nor restored into.
 */
public final class Backups {

    /** One file to put back: where its content is kept, and the workspace file it goes to. */
    private record Restoration(Path source, Path target) {
    }

    /** A backup name this instance has taken. */
    private record Claimed(Stamp stamp, Path path) {
    }

    private interface Creation {
        void at(Path path) throws IOException;
    }

    private final WorkspaceBoundary boundary;
    private final BackupLayout layout;
    private final List<String> essentialPaths;
    private final Clock clock;

    /** @param essentialPaths files or folders, relative to the root, that {@link #create()} copies */
    public Backups(Path workspaceRoot, List<String> essentialPaths) {
        this(workspaceRoot, essentialPaths, Clock.systemUTC());
    }

    public Backups(Path workspaceRoot, List<String> essentialPaths, Clock clock) {
        this.boundary = new WorkspaceBoundary(workspaceRoot);
        this.layout = new BackupLayout(boundary.root());
        this.essentialPaths = List.copyOf(essentialPaths);
        this.clock = clock;
        essentialPaths.forEach(this::resolveOutsideBackups);
    }

    /** Tool {@code backup_create}: copies every essential path; missing ones are reported, not fatal. */
    public BackupSet create() {
        Map<String, Path> sources = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        List<String> links = new ArrayList<>();
        for (String essential : essentialPaths) {
            Path path = resolveOutsideBackups(essential);
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                missing.add(essential);
                continue;
            }
            FileTree tree = FileTree.of(path);
            tree.files().stream().filter(file -> !layout.contains(file))
                    .forEach(file -> sources.put(boundary.relative(file), file));
            tree.links().forEach(link -> links.add(boundary.relative(link)));
        }
        try {
            Claimed copy = claim(layout::copyFolder, Files::createDirectory);
            long bytes = 0;
            for (Map.Entry<String, Path> source : sources.entrySet()) {
                Path target = copy.path().resolve(source.getKey());
                Files.createDirectories(target.getParent());
                Files.copy(source.getValue(), target, StandardCopyOption.COPY_ATTRIBUTES);
                bytes += Files.size(target);
            }
            return new BackupSet(layout.id(copy.path()), copy.stamp().time().toString(), List.copyOf(sources.keySet()),
                    bytes, missing, links);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make a simple copy under " + layout.kindFolder(BackupKind.SIMPLE_COPY), e);
        }
    }

    /** Tool {@code backup_file}: a snapshot of one workspace file, to take before editing it. */
    public Snapshot snapshotFile(String relativePath) {
        Path file = resolveOutsideBackups(relativePath);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new WorkspaceException("'" + relativePath
                    + "' is not a file in the workspace; backup_file takes one existing file (backup_create copies folders)");
        }
        return snapshot(file);
    }

    /** Tool {@code backup_list}: simple copies and snapshots, newest first. */
    public List<BackupEntry> list() {
        return new BackupCatalog(layout).entries();
    }

    /**
     * Tool {@code backup_restore}: puts a backup's content back into the workspace, the whole of it or only
     * {@code relativePath} (a file or folder of a simple copy; for a snapshot, its own file). Every file it would
     * change is snapshotted first; files absent from the backup are left alone.
     */
    public RestoreResult restore(String backupId, Optional<String> relativePath) {
        List<Restoration> restorations = plan(backupId, relativePath);
        List<String> restored = new ArrayList<>();
        List<Snapshot> safetySnapshots = new ArrayList<>();
        try {
            for (Restoration restoration : restorations) {
                Path target = restoration.target();
                boolean present = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
                if (!present || Files.mismatch(restoration.source(), target) != -1) {
                    if (present) {
                        safetySnapshots.add(snapshot(target));
                    }
                    Files.createDirectories(target.getParent());
                    Files.copy(restoration.source(), target, StandardCopyOption.REPLACE_EXISTING);
                }
                restored.add(boundary.relative(target));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot restore " + backupId, e);
        }
        return new RestoreResult(backupId, restored, safetySnapshots);
    }

    /** Every file a restore would write, checked before any is written. */
    private List<Restoration> plan(String backupId, Optional<String> relativePath) {
        Path location = boundary.resolve(BackupLayout.FOLDER + "/" + backupId);
        if (location.getParent().equals(layout.kindFolder(BackupKind.SIMPLE_COPY))
                && layout.copyStamp(location).isPresent()) {
            return planCopy(backupId, location, relativePath);
        }
        if (location.startsWith(layout.kindFolder(BackupKind.PRE_EDIT_SNAPSHOT))) {
            Optional<BackupLayout.SnapshotName> name = layout.snapshotName(location);
            if (name.isPresent()) {
                return List.of(planSnapshot(backupId, location, name.get().workspaceFile(), relativePath));
            }
        }
        throw new WorkspaceException("'" + backupId + "' is not a backup id; backup_list shows the ids, such as "
                + BackupKind.SIMPLE_COPY.folder() + "/2026-11-25T10-15-30Z");
    }

    private List<Restoration> planCopy(String backupId, Path copyFolder, Optional<String> relativePath) {
        Path from = relativePath.map(path -> copyFolder.resolve(boundary.relative(resolveOutsideBackups(path))))
                .orElse(copyFolder);
        if (!Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
            throw new WorkspaceException(relativePath.map(path -> "'" + path + "' is not in backup '" + backupId + "'")
                    .orElse("There is no backup '" + backupId + "'; backup_list shows the ids"));
        }
        return FileTree.of(from).files().stream()
                .map(file -> restoration(file, RelativePaths.between(copyFolder, file)))
                .toList();
    }

    private Restoration planSnapshot(String backupId, Path snapshotFile, String workspaceFile,
            Optional<String> relativePath) {
        if (!Files.isRegularFile(snapshotFile, LinkOption.NOFOLLOW_LINKS)) {
            throw new WorkspaceException("There is no backup '" + backupId + "'; backup_list shows the ids");
        }
        relativePath.map(this::resolveOutsideBackups).map(boundary::relative)
                .filter(path -> !path.equals(workspaceFile))
                .ifPresent(path -> {
                    throw new WorkspaceException("Backup '" + backupId + "' holds '" + workspaceFile + "' only, not '"
                            + path + "'; leave the path out to restore it");
                });
        return restoration(snapshotFile, workspaceFile);
    }

    private Restoration restoration(Path source, String workspaceFile) {
        Path target = resolveOutsideBackups(workspaceFile);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new WorkspaceException("'" + workspaceFile
                    + "' is a folder or a link in the workspace; move it away to restore the file there");
        }
        return new Restoration(source, target);
    }

    private Snapshot snapshot(Path file) {
        String workspaceFile = boundary.relative(file);
        try {
            Claimed snapshot = claim(stamp -> layout.snapshotFile(workspaceFile, stamp), Files::createFile);
            Files.copy(file, snapshot.path(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            return new Snapshot(layout.id(snapshot.path()), workspaceFile, snapshot.stamp().time().toString(),
                    Files.size(snapshot.path()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot snapshot " + workspaceFile, e);
        }
    }

    /** Creates the first free backup name for this second: the plain stamp, then {@code -2}, {@code -3}... */
    private Claimed claim(Function<Stamp, Path> name, Creation creation) throws IOException {
        for (Stamp stamp = Stamp.first(clock.instant()); ; stamp = stamp.next()) {
            Path path = name.apply(stamp);
            Files.createDirectories(path.getParent());
            try {
                creation.at(path);
                return new Claimed(stamp, path);
            } catch (FileAlreadyExistsException taken) {
                // Another backup has this stamp already: try the next one.
            }
        }
    }

    private Path resolveOutsideBackups(String relativePath) {
        Path path = boundary.resolve(relativePath);
        if (layout.contains(path)) {
            throw new WorkspaceException("'" + relativePath + "' is inside " + BackupLayout.FOLDER
                    + "/, which backups never copy nor restore into; use backup_list and backup_restore instead");
        }
        return path;
    }
}
