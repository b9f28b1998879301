package dev.tandem.workspace;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** {@code SYSTEM_INVENTORY.md}: the registry summed up for people. */
final class InventoryMarkdown {

    private static final int TOP = 10;
    private static final String ROOT_FOLDER = "(root)";
    private static final String[] UNITS = { "B", "KiB", "MiB", "GiB", "TiB" };

    private InventoryMarkdown() {
    }

    static String render(FileRegistry registry) {
        List<RegisteredFile> files = registry.files();
        StringBuilder md = new StringBuilder();
        md.append("# System inventory\n\n")
                .append("- Root: `").append(registry.root()).append("`\n")
                .append("- Generated at: ").append(registry.generatedAt()).append('\n')
                .append("- Files: ").append(registry.fileCount()).append('\n')
                .append("- Total size: ").append(humanSize(registry.totalBytes()))
                .append(" (").append(registry.totalBytes()).append(" bytes)\n");

        md.append("\n## By type\n\n| Type | Files | Size |\n| --- | ---: | ---: |\n");
        Map<FileType, List<RegisteredFile>> byType = groupBy(files, RegisteredFile::type);
        byType.forEach((type, group) -> row(md, type.label(), String.valueOf(group.size()),
                humanSize(group.stream().mapToLong(RegisteredFile::size).sum())));

        md.append("\n## By top-level folder\n\n| Folder | Files |\n| --- | ---: |\n");
        groupBy(files, InventoryMarkdown::topLevelFolder)
                .forEach((folder, group) -> row(md, folder, String.valueOf(group.size())));

        md.append("\n## Largest files\n\n| File | Size |\n| --- | ---: |\n");
        top(files, Comparator.comparingLong(RegisteredFile::size))
                .forEach(file -> row(md, file.path(), humanSize(file.size())));

        md.append("\n## Recently changed\n\n| File | Modified |\n| --- | --- |\n");
        top(files, Comparator.comparing(file -> Instant.parse(file.modified())))
                .forEach(file -> row(md, file.path(), file.modified()));
        return md.toString();
    }

    static String humanSize(long bytes) {
        double size = bytes;
        int unit = 0;
        while (size >= 1024 && unit < UNITS.length - 1) {
            size /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", size, UNITS[unit]);
    }

    private static <K extends Comparable<K>> Map<K, List<RegisteredFile>> groupBy(
            List<RegisteredFile> files, Function<RegisteredFile, K> key) {
        return files.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.toList()));
    }

    private static List<RegisteredFile> top(List<RegisteredFile> files, Comparator<RegisteredFile> order) {
        return files.stream()
                .sorted(order.reversed().thenComparing(RegisteredFile::path))
                .limit(TOP)
                .toList();
    }

    private static String topLevelFolder(RegisteredFile file) {
        int slash = file.path().indexOf('/');
        return slash < 0 ? ROOT_FOLDER : file.path().substring(0, slash) + "/";
    }

    private static void row(StringBuilder md, String... cells) {
        md.append('|');
        for (String cell : cells) {
            md.append(' ').append(cell.replace("|", "\\|")).append(" |");
        }
        md.append('\n');
    }
}
