package dev.tandem.workspace;

import java.util.List;

/**
 * What a scan did.
 *
 * @param registryFile  absolute path of {@code file_registry.json}
 * @param inventoryFile absolute path of {@code SYSTEM_INVENTORY.md}
 * @param unreadable    files or folders the scan could not read and left out, relative to the root
 */
public record InventoryReport(
        int fileCount,
        long totalBytes,
        String registryFile,
        String inventoryFile,
        List<String> unreadable,
        long durationMillis) {

    public InventoryReport {
        unreadable = List.copyOf(unreadable);
    }
}
