package dev.tandem.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Random;
import java.util.Set;

import dev.tandem.workspace.GitExcludes;
import dev.tandem.workspace.InventoryReport;
import dev.tandem.workspace.WorkspaceInventory;

/**
 * Time of a workspace inventory (walk, .gitignore rules, SHA-256 of every file, both output files) over a generated
 * tree: {@code --files <n>} files (default 5000) of 1–64 KiB in nested folders, a tenth of them ignored, scanned
 * {@code --runs <n>} times (default 3; the first run reads from a cold-ish page cache). Run it with
 * {@code bench/inventory}.
 */
public final class InventoryBenchmark {

    private static final int FILES_PER_FOLDER = 50;

    private InventoryBenchmark() {
    }

    public static void main(String[] args) {
        BenchRun.main("inventory", args, InventoryBenchmark::run);
    }

    private static void run(String[] args) throws IOException {
        BenchArgs arguments = BenchArgs.parse(args, "InventoryBenchmark [--files 5000] [--runs 3]",
                Set.of("--files", "--runs"), Set.of(), 0);
        int files = arguments.integer("--files", 5000);
        int runs = arguments.integer("--runs", 3);
        Path root = arguments.dataDir().resolve("inventory").toAbsolutePath();
        long bytes = generate(root, files);
        System.out.printf("tree: %d files, %.1f MiB under %s%n", files, bytes / 1048576.0, root);
        Path home = Files.createDirectories(root.resolveSibling("inventory-home"));
        WorkspaceInventory inventory = new WorkspaceInventory(root, root.resolveSibling("inventory-out"),
                new GitExcludes(home, null), Clock.systemUTC());
        for (int run = 1; run <= runs; run++) {
            InventoryReport report = inventory.scan();
            System.out.printf("run %d: %d files kept, %.1f MiB hashed, %d ms (%.0f files/s)%n", run,
                    report.fileCount(), report.totalBytes() / 1048576.0, report.durationMillis(),
                    report.fileCount() * 1000.0 / Math.max(1, report.durationMillis()));
        }
    }

    private static long generate(Path root, int files) throws IOException {
        Random random = new Random(42);
        Files.createDirectories(root);
        Files.writeString(root.resolve(".gitignore"), "*.tmp\n");
        long bytes = 0;
        for (int i = 0; i < files; i++) {
            Path folder = root.resolve("module" + i / 1000).resolve("folder" + i / FILES_PER_FOLDER);
            Files.createDirectories(folder);
            byte[] content = new byte[1024 + random.nextInt(63 * 1024)];
            random.nextBytes(content);
            Files.write(folder.resolve("file" + i + (i % 10 == 0 ? ".tmp" : ".txt")), content);
            bytes += content.length;
        }
        return bytes;
    }
}
