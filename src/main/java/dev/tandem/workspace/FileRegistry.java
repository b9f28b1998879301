package dev.tandem.workspace;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The content of {@code file_registry.json}: every file the inventory kept, sorted by path. */
@JsonPropertyOrder({ "root", "generated_at", "file_count", "total_bytes", "files" })
public record FileRegistry(
        String root,
        @JsonProperty("generated_at") String generatedAt,
        @JsonProperty("file_count") int fileCount,
        @JsonProperty("total_bytes") long totalBytes,
        List<RegisteredFile> files) {

    public FileRegistry {
        files = List.copyOf(files);
    }

    static FileRegistry of(String root, String generatedAt, List<RegisteredFile> files) {
        return new FileRegistry(root, generatedAt, files.size(),
                files.stream().mapToLong(RegisteredFile::size).sum(), files);
    }
}
