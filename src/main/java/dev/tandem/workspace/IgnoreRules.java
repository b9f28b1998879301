package dev.tandem.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jgit.ignore.IgnoreNode;

/**
 * The ignore rules in force inside one folder, in git's order: the folder's own {@code .gitignore}, then its
 * parents' up to the root, then the repository's and the user's exclude files. The first of them with a matching
 * pattern decides; inside one file, git's last-match-wins rule (JGit's {@link IgnoreNode}) applies.
 */
final class IgnoreRules {

    /** The rules of one {@code .gitignore}, whose patterns are relative to {@code folder} ("" or "a/b/"). */
    private record Level(String folder, IgnoreNode rules) {
    }

    private final List<Level> deepestFirst;

    private IgnoreRules(List<Level> deepestFirst) {
        this.deepestFirst = deepestFirst;
    }

    /** The rules at the root: its {@code .gitignore} over the given exclude files, most important first. */
    static IgnoreRules atRoot(Path root, List<Path> excludeFiles) {
        List<Level> levels = new ArrayList<>();
        excludeFiles.forEach(file -> levels.add(new Level("", parse(file))));
        return new IgnoreRules(levels).enter(root, "");
    }

    /** The rules inside {@code folder}, which is {@code relativeFolder} ("" or "a/b/") from the root. */
    IgnoreRules enter(Path folder, String relativeFolder) {
        Path gitignore = folder.resolve(".gitignore");
        if (!Files.isRegularFile(gitignore)) {
            return this;
        }
        List<Level> levels = new ArrayList<>(deepestFirst.size() + 1);
        levels.add(new Level(relativeFolder, parse(gitignore)));
        levels.addAll(deepestFirst);
        return new IgnoreRules(levels);
    }

    /** Whether git ignores {@code relativePath} (with '/' separators, from the root). */
    boolean ignores(String relativePath, boolean directory) {
        for (Level level : deepestFirst) {
            Boolean ignored = level.rules().checkIgnored(relativePath.substring(level.folder().length()), directory);
            if (ignored != null) {
                return ignored;
            }
        }
        return false;
    }

    private static IgnoreNode parse(Path file) {
        IgnoreNode rules = new IgnoreNode();
        try (InputStream in = Files.newInputStream(file)) {
            rules.parse(file.toString(), in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read ignore file " + file, e);
        }
        return rules;
    }
}
