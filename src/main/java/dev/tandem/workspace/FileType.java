package dev.tandem.workspace;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonValue;

/** What kind of file a name suggests, by its extension. */
public enum FileType {
    MARKDOWN("md", "markdown"),
    JAVA("java"),
    YAML("yaml", "yml"),
    JSON("json"),
    XML("xml"),
    PROPERTIES("properties"),
    HTML("html", "htm"),
    TEXT("txt", "text", "log", "csv", "tsv"),
    PDF("pdf"),
    IMAGE("png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico"),
    OTHER;

    private static final Map<String, FileType> BY_EXTENSION = new HashMap<>();

    static {
        for (FileType type : values()) {
            type.extensions.forEach(extension -> BY_EXTENSION.put(extension, type));
        }
    }

    private final Set<String> extensions;

    FileType(String... extensions) {
        this.extensions = Set.of(extensions);
    }

    public static FileType of(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot <= 0) {
            return OTHER;
        }
        return BY_EXTENSION.getOrDefault(fileName.substring(dot + 1).toLowerCase(Locale.ROOT), OTHER);
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
