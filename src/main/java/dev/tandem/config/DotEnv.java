package dev.tandem.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables of a {@code .env} file: {@code KEY=value} lines, {@code export} prefixes, {@code #} comments and
 * single- or double-quoted values, the way docker compose and most shells read them.
 */
public final class DotEnv {

    private final Map<String, String> variables;

    private DotEnv(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    public static DotEnv empty() {
        return new DotEnv(Map.of());
    }

    /** Reads the file when it exists; a missing file is an empty {@code .env}. */
    public static DotEnv load(Path file) {
        if (!Files.isRegularFile(file)) {
            return empty();
        }
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    public static DotEnv parse(List<String> lines) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            variables.put(line.substring(0, equals).strip(), unquote(line.substring(equals + 1).strip()));
        }
        return new DotEnv(variables);
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replace("\\n", "\n").replace("\\\"", "\"");
        }
        if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
            return value.substring(1, value.length() - 1);
        }
        int comment = value.indexOf(" #");
        return comment >= 0 ? value.substring(0, comment).strip() : value;
    }

    public String get(String name) {
        return variables.get(name);
    }

    public Map<String, String> asMap() {
        return variables;
    }
}
