package dev.tandem.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Lists the files of a workspace as git sees them (honouring {@code .gitignore}, {@code info/exclude} and the global
 * excludes file), with size, type, modification time and SHA-256, into {@code file_registry.json} for tools and
 * {@code SYSTEM_INVENTORY.md} for people.
 */
public final class WorkspaceInventory {

    public static final String REGISTRY_FILE = "file_registry.json";
    public static final String INVENTORY_FILE = "SYSTEM_INVENTORY.md";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;
    private final Path outputFolder;
    private final GitExcludes excludes;
    private final Clock clock;

    /** Scans {@code root} with the user's git excludes and writes the two files into it. */
    public WorkspaceInventory(Path root) {
        this(root, root, GitExcludes.fromEnvironment(), Clock.systemUTC());
    }

    public WorkspaceInventory(Path root, Path outputFolder, GitExcludes excludes, Clock clock) {
        this.root = new WorkspaceBoundary(root).root();
        // A real path, like the root's, so the scan recognises its own output files even under a linked folder.
        this.outputFolder = Files.exists(outputFolder) ? realPath(outputFolder) : outputFolder.toAbsolutePath().normalize();
        this.excludes = excludes;
        this.clock = clock;
    }

    public InventoryReport scan() {
        long started = System.nanoTime();
        Path registryFile = outputFolder.resolve(REGISTRY_FILE);
        Path inventoryFile = outputFolder.resolve(INVENTORY_FILE);
        Set<Path> ownOutput = Set.of(registryFile, inventoryFile);

        GitAwareWalk.Result walk = new GitAwareWalk(root, excludes.filesFor(root), ownOutput).run();
        List<String> unreadable = new ArrayList<>(walk.unreadable());
        List<RegisteredFile> files = new ArrayList<>(walk.files().size());
        for (Path file : walk.files()) {
            try {
                files.add(describe(file));
            } catch (IOException e) {
                unreadable.add(RelativePaths.between(root, file));
            }
        }
        files.sort(Comparator.comparing(RegisteredFile::path));
        FileRegistry registry = FileRegistry.of(root.toString(), clock.instant().toString(), files);

        write(registry, registryFile, inventoryFile);
        long durationMillis = (System.nanoTime() - started) / 1_000_000;
        return new InventoryReport(registry.fileCount(), registry.totalBytes(), registryFile.toString(),
                inventoryFile.toString(), unreadable, durationMillis);
    }

    private RegisteredFile describe(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return new RegisteredFile(RelativePaths.between(root, file), attributes.size(),
                FileType.of(file.getFileName().toString()), attributes.lastModifiedTime().toInstant().toString(),
                Sha256.of(file));
    }

    private void write(FileRegistry registry, Path registryFile, Path inventoryFile) {
        try {
            Files.createDirectories(outputFolder);
            JSON.writeValue(registryFile.toFile(), registry);
            Files.writeString(inventoryFile, InventoryMarkdown.render(registry));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the inventory into " + outputFolder, e);
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
