package dev.tandem.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Turns paths given by users into paths inside the workspace, refusing any that would leave it: absolute paths,
 * {@code ..} climbing above the root, and symbolic links that lead outside.
 */
final class WorkspaceBoundary {

    private final Path root;

    WorkspaceBoundary(Path root) {
        if (!Files.isDirectory(root)) {
            throw new WorkspaceException("Workspace root " + root + " is not a folder; give the path of an existing folder");
        }
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path root() {
        return root;
    }

    /** The workspace path that {@code relativePath} names; it need not exist yet. */
    Path resolve(String relativePath) {
        if (relativePath == null || relativePath.isBlank()) {
            throw new WorkspaceException("A path is needed, relative to the workspace root, such as src/main/resources");
        }
        Path given = parse(relativePath);
        if (given.isAbsolute() || relativePath.startsWith("/") || relativePath.startsWith("\\")) {
            throw new WorkspaceException("'" + relativePath + "' is absolute; give a path relative to the workspace root");
        }
        Path resolved = root.resolve(given).normalize();
        if (!resolved.startsWith(root)) {
            throw new WorkspaceException("'" + relativePath + "' leads outside the workspace; stay inside its root");
        }
        if (!realPathOfNearestExisting(resolved).startsWith(root)) {
            throw new WorkspaceException("'" + relativePath
                    + "' leads outside the workspace through a symbolic link; use a path whose folders are inside it");
        }
        return resolved;
    }

    /** {@code path}, which is inside the workspace, relative to its root with '/'. */
    String relative(Path path) {
        return RelativePaths.between(root, path);
    }

    private static Path parse(String relativePath) {
        try {
            return Path.of(relativePath);
        } catch (InvalidPathException e) {
            throw new WorkspaceException("'" + relativePath + "' is not a valid path: " + e.getReason());
        }
    }

    /** Where the path, or its nearest existing parent, really is once every symbolic link is followed. */
    private Path realPathOfNearestExisting(Path path) {
        Path existing = path;
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        try {
            return existing.toRealPath();
        } catch (IOException e) {
            // A link that leads nowhere cannot be shown to stay inside, so it counts as leaving.
            return existing.getRoot();
        }
    }
}
