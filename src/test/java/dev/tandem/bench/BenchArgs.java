package dev.tandem.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A benchmark's command line, read the same way by every {@code main()}: options with a value ({@code --name value}),
 * flags ({@code --name}), positional arguments, and the two options every benchmark takes: {@code --data-dir DIR}
 * (where Elasticsearch and the app keep their data) and {@code --app-property KEY=VALUE} (a Tandem setting for the app
 * under test, repeatable). An unknown option prints the usage and exits with status 2.
 */
final class BenchArgs {

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final List<String> positional = new ArrayList<>();
    private final Map<String, String> appProperties = new LinkedHashMap<>();

    private BenchArgs() {
    }

    /**
     * {@code options} and {@code flagNames} are the benchmark's own; {@code usage} lists them, the shared options are
     * added to it; {@code positionals} is how many positional arguments the benchmark needs.
     */
    static BenchArgs parse(String[] args, String usage, Set<String> options, Set<String> flagNames, int positionals) {
        BenchArgs parsed = new BenchArgs();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (flagNames.contains(arg)) {
                parsed.flags.add(arg);
            } else if ((options.contains(arg) || arg.equals("--data-dir")) && i + 1 < args.length) {
                parsed.values.put(arg, args[++i]);
            } else if (arg.equals("--app-property") && i + 1 < args.length && args[i + 1].contains("=")) {
                String[] keyValue = args[++i].split("=", 2);
                parsed.appProperties.put(keyValue[0], keyValue[1]);
            } else if (!arg.startsWith("--")) {
                parsed.positional.add(arg);
            } else {
                exit(usage);
            }
        }
        if (parsed.positional.size() != positionals) {
            exit(usage);
        }
        return parsed;
    }

    private static void exit(String usage) {
        System.err.println("usage: " + usage + " [--data-dir DIR] [--app-property KEY=VALUE]");
        System.exit(2);
    }

    String text(String option, String defaultValue) {
        return values.getOrDefault(option, defaultValue);
    }

    int integer(String option, int defaultValue) {
        return values.containsKey(option) ? Integer.parseInt(values.get(option)) : defaultValue;
    }

    long whole(String option, long defaultValue) {
        return values.containsKey(option) ? Long.parseLong(values.get(option)) : defaultValue;
    }

    double decimal(String option, double defaultValue) {
        return values.containsKey(option) ? Double.parseDouble(values.get(option)) : defaultValue;
    }

    boolean flag(String flag) {
        return flags.contains(flag);
    }

    List<String> positional() {
        return List.copyOf(positional);
    }

    Path dataDir() {
        return values.containsKey("--data-dir") ? Path.of(values.get("--data-dir")) : BenchCluster.DEFAULT_DATA_DIR;
    }

    Map<String, String> appProperties() {
        return new LinkedHashMap<>(appProperties);
    }
}
