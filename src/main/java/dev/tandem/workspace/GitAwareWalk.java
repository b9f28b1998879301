package dev.tandem.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * The regular files under a root that git would not ignore. Ignored folders are not entered, so, as in git, nothing
 * under an ignored folder can be re-included. {@code .git} and watched folders' claims ({@link FileTree#isFolderClaim})
 * are always skipped; symbolic links are neither listed nor followed.
 */
final class GitAwareWalk {

    /** What a walk found: the files kept, and the folders or files it could not read (relative, with '/'). */
    record Result(List<Path> files, List<String> unreadable) {
    }

    private final Path root;
    private final List<Path> excludeFiles;
    private final Set<Path> skipped;

    /** @param skipped files never listed, whatever the rules say (the inventory's own output) */
    GitAwareWalk(Path root, List<Path> excludeFiles, Set<Path> skipped) {
        this.root = root;
        this.excludeFiles = excludeFiles;
        this.skipped = skipped;
    }

    Result run() {
        List<Path> files = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        Deque<IgnoreRules> rules = new ArrayDeque<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attributes) {
                    if (folder.equals(root)) {
                        rules.push(IgnoreRules.atRoot(root, excludeFiles));
                        return FileVisitResult.CONTINUE;
                    }
                    String relative = relative(folder);
                    if (isGitEntry(folder) || rules.element().ignores(relative, true)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    rules.push(rules.element().enter(folder, relative + "/"));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile() && !isGitEntry(file) && !skipped.contains(file)
                            && !FileTree.isFolderClaim(file)
                            && !rules.element().ignores(relative(file), false)) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    unreadable.add(relative(file));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path folder, IOException e) {
                    rules.pop();
                    if (e != null) {
                        unreadable.add(relative(folder));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot walk " + root, e);
        }
        return new Result(files, unreadable);
    }

    private String relative(Path path) {
        return RelativePaths.between(root, path);
    }

    private static boolean isGitEntry(Path path) {
        return path.getFileName().toString().equals(".git");
    }
}
