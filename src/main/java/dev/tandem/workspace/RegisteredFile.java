package dev.tandem.workspace;

/**
 * One file of the inventory.
 *
 * @param path     relative to the workspace root, with '/'
 * @param modified last modification, ISO-8601 in UTC
 * @param sha256   hex digest of the content
 */
public record RegisteredFile(String path, long size, FileType type, String modified, String sha256) {
}
