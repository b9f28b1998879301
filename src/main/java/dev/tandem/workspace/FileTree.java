package dev.tandem.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

import dev.tandem.ingest.FolderClaim;

/**
 * The regular files at or under a path, in path order, but for a watched folder's claim, and the symbolic links met on
 * the way, never followed.
 */
record FileTree(List<Path> files, List<Path> links) {

    static FileTree of(Path start) {
        List<Path> files = new ArrayList<>();
        List<Path> links = new ArrayList<>();
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isSymbolicLink()) {
                        links.add(file);
                    } else if (attributes.isRegularFile() && !isFolderClaim(file)) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + start, e);
        }
        files.sort(null);
        links.sort(null);
        return new FileTree(List.copyOf(files), List.copyOf(links));
    }

    /**
     * A watched folder's {@link FolderClaim} file, which the workspace tools neither list nor copy: reading it in the
     * Tandem that holds it would let the claim go (closing a descriptor of a file ends the process's locks on it).
     */
    static boolean isFolderClaim(Path file) {
        return FolderClaim.FILE_NAME.equals(file.getFileName().toString());
    }

    long bytes() {
        long total = 0;
        for (Path file : files) {
            try {
                total += Files.size(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return total;
    }
}
