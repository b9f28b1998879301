package dev.tandem.mcp.modern;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.tandem.NodePackages;
import dev.tandem.RunningTandem;
import dev.tandem.TestElasticsearch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official MCP conformance suite's server scenarios for 2026-07-28 ({@code @modelcontextprotocol/conformance}
 * 0.2.0-alpha.12, the revision's requirements as frozen at its release) against Tandem in the test-only profile
 * {@code conformance}. The scenarios Tandem does not pass yet are listed, each with why, in
 * {@code conformance-2026-07-28-baseline.yml}: the suite fails on any other failure, and on a listed one that passes.
 */
class ModernConformanceTest {

    private static final String SUITE = "@modelcontextprotocol/conformance@0.2.0-alpha.12";

    @TempDir
    Path work;

    @Test
    void should_pass_the_2026_07_28_server_requirements_of_the_mcp_conformance_suite() throws Exception {
        NodePackages node = NodePackages.install("conformance-modern", List.of(SUITE),
                List.of("node_modules/.bin/conformance"));
        Path baseline = Path.of("src/test/resources/conformance-2026-07-28-baseline.yml").toAbsolutePath();
        try (RunningTandem tandem = RunningTandem.startWithProfile("conformance", Map.of(
                "tandem.es.url", TestElasticsearch.url().toString(),
                "tandem.es.index", "test-conformance-modern",
                "tandem.inbox", work.resolve("inbox").toString(),
                "tandem.data.dir", work.resolve("data").toString(),
                "tandem.mcp.config", work.resolve("no-mcp.json").toString()))) {
            NodePackages.Run run = node.run("conformance-2026-07-28", List.of(
                    node.module(".bin/conformance").toString(), "server", "--url", tandem.baseUrl() + "/mcp",
                    "--requirements", "2026-07-28", "--expected-failures", baseline.toString(),
                    "--output-dir", node.prefix().resolve("results").toString()), 15);

            assertThat(run.exitCode()).as("conformance suite output:%n%s", run.output()).isZero();
            assertThat(run.output()).contains("server-stateless");
        }
    }
}
