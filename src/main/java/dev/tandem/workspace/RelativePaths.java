package dev.tandem.workspace;

import java.nio.file.Path;

/** Relative paths as users and JSON see them: '/' between names on every platform. */
final class RelativePaths {

    private RelativePaths() {
    }

    static String between(Path root, Path path) {
        return root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
    }
}
