package dev.tandem.workspace;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** The two kinds of backup, each kept in its own folder under {@code backups/}. */
public enum BackupKind {
    /** A copy of every essential path, in {@code backups/simple_copies/<stamp>/}. */
    SIMPLE_COPY("simple_copies"),
    /** One file as it was before an edit, in {@code backups/pre_edit_snapshots/<path>.<stamp>}. */
    PRE_EDIT_SNAPSHOT("pre_edit_snapshots");

    private final String folder;

    BackupKind(String folder) {
        this.folder = folder;
    }

    String folder() {
        return folder;
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
