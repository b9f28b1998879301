package dev.tandem.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.NodePackages;
import dev.tandem.RunningTandem;
import dev.tandem.TestElasticsearch;
import dev.tandem.mcp.gateway.UpstreamServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official MCP conformance suite ({@code @modelcontextprotocol/conformance}, server scenarios, spec 2025-11-25)
 * against Tandem in the test-only profile {@code conformance}, which adds the suite's fixtures, with upstream MCP
 * servers configured in mcp.json (server-everything over stdio and server-filesystem) whose tools, prompts and
 * resources are listed beside Tandem's own. Node 22 and the suite are installed with npm into
 * {@code target/conformance} when missing.
 */
class ConformanceTest {

    private static final String SUITE = "@modelcontextprotocol/conformance@0.1.16";

    @TempDir
    Path work;

    @Test
    void should_pass_every_server_scenario_of_the_mcp_conformance_suite() throws Exception {
        NodePackages node = NodePackages.install("conformance", List.of(SUITE),
                List.of("node_modules/.bin/conformance"));
        Path cli = node.module(".bin/conformance");
        UpstreamServers upstreams = UpstreamServers.install();
        Path config = work.resolve("mcp.json");
        new ObjectMapper().writeValue(config.toFile(), Map.of("mcpServers", Map.of(
                "everything", upstreams.everythingStdio(Map.of(), "tandem-conformance-everything"),
                "files", upstreams.filesystem(Files.createDirectories(work.resolve("files"))))));
        try (RunningTandem tandem = RunningTandem.startWithProfile("conformance", Map.of(
                "tandem.es.url", TestElasticsearch.url().toString(),
                "tandem.es.index", "test-conformance",
                "tandem.inbox", work.resolve("inbox").toString(),
                "tandem.data.dir", work.resolve("data").toString(),
                "tandem.mcp.config", config.toString()))) {
            await().atMost(Duration.ofSeconds(90)).until(() -> tandem.getJson("/api/tools").get("tools")
                    .findValuesAsText("name").containsAll(List.of("everything__echo", "files__read_text_file")));
            for (String suite : List.of("active", "pending")) {
                NodePackages.Run run = node.run("conformance-" + suite, List.of(cli.toString(), "server", "--url",
                        tandem.baseUrl() + "/mcp", "--suite", suite, "--spec-version", "2025-11-25",
                        "--output-dir", node.prefix().resolve("results").toString()), 10);

                assertThat(run.exitCode()).as("conformance suite %s output:%n%s", suite, run.output()).isZero();
                assertThat(run.output()).contains("Total:").doesNotContain("✗");
            }
        }
    }
}
