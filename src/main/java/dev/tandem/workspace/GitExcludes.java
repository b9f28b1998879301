package dev.tandem.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;

/**
 * Finds the exclude files git reads besides {@code .gitignore}: the repository's {@code info/exclude} and the user's
 * global excludes file. Home and XDG folders are given, so tests can aim them at a temporary folder.
 */
public final class GitExcludes {

    private static final String GITDIR_PREFIX = "gitdir:";

    private final Path home;
    private final Path xdgConfigHome;

    /** @param xdgConfigHome {@code $XDG_CONFIG_HOME}, or {@code null} when it is not set */
    public GitExcludes(Path home, Path xdgConfigHome) {
        this.home = home;
        this.xdgConfigHome = xdgConfigHome != null ? xdgConfigHome : home.resolve(".config");
    }

    public static GitExcludes fromEnvironment() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        return new GitExcludes(Path.of(System.getProperty("user.home")),
                xdg == null || xdg.isBlank() ? null : Path.of(xdg));
    }

    /** The exclude files that exist for a workspace, in git's order of precedence: the repository's, then the user's. */
    public List<Path> filesFor(Path workspaceRoot) {
        List<Path> files = new ArrayList<>();
        repositoryExclude(workspaceRoot).filter(Files::isRegularFile).ifPresent(files::add);
        Path global = globalExcludesFile(workspaceRoot);
        if (Files.isRegularFile(global)) {
            files.add(global);
        }
        return files;
    }

    Optional<Path> repositoryExclude(Path workspaceRoot) {
        Path dotGit = workspaceRoot.resolve(".git");
        if (Files.isDirectory(dotGit)) {
            return Optional.of(dotGit.resolve("info/exclude"));
        }
        if (!Files.isRegularFile(dotGit)) {
            return Optional.empty();
        }
        // A linked worktree: .git names its git dir, whose commondir holds the shared info/exclude.
        String pointer = read(dotGit).strip();
        if (!pointer.startsWith(GITDIR_PREFIX)) {
            return Optional.empty();
        }
        Path gitDir = workspaceRoot.resolve(pointer.substring(GITDIR_PREFIX.length()).strip());
        Path commonDirFile = gitDir.resolve("commondir");
        Path commonDir = Files.isRegularFile(commonDirFile) ? gitDir.resolve(read(commonDirFile).strip()) : gitDir;
        return Optional.of(commonDir.resolve("info/exclude"));
    }

    Path globalExcludesFile(Path workspaceRoot) {
        // git reads the XDG config before ~/.gitconfig, so a setting in ~/.gitconfig wins.
        Optional<String> configured = configuredExcludesFile(home.resolve(".gitconfig"))
                .or(() -> configuredExcludesFile(xdgConfigHome.resolve("git/config")));
        return configured.map(value -> expand(value, workspaceRoot)).orElse(xdgConfigHome.resolve("git/ignore"));
    }

    private Optional<String> configuredExcludesFile(Path configFile) {
        if (!Files.isRegularFile(configFile)) {
            return Optional.empty();
        }
        Config config = new Config();
        try {
            config.fromText(read(configFile));
        } catch (ConfigInvalidException e) {
            throw new WorkspaceException("Git configuration " + configFile + " cannot be read (" + e.getMessage()
                    + "); fix it so that .gitignore rules can be applied as git applies them");
        }
        return Optional.ofNullable(config.getString("core", null, "excludesFile")).filter(value -> !value.isBlank());
    }

    private Path expand(String configuredPath, Path workspaceRoot) {
        if (configuredPath.startsWith("~/")) {
            return home.resolve(configuredPath.substring(2));
        }
        // git resolves a relative path from where it runs, which for a scan is the workspace root.
        return workspaceRoot.resolve(configuredPath);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
