package dev.tandem.mcp.modern;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tandem.NodePackages;
import dev.tandem.RunningTandem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP Inspector's command line (2.12) against Tandem, in its default era (2025-11-25, a session) and with
 * {@code --protocol-era modern} (2026-07-28, no session). A pass-through proxy records the {@code Mcp-Method} header
 * of each request, which only a 2026-07-28 client sends, so the test knows which era each run spoke.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpInspectorTest {

    private static final String INSPECTOR = "@modelcontextprotocol/inspector@2.12.0";

    @TempDir
    static Path work;
    private NodePackages node;
    private RunningTandem tandem;
    private RoundRobinProxy recorder;

    @BeforeAll
    void start() throws Exception {
        node = NodePackages.install("mcp-inspector", List.of(INSPECTOR), List.of("node_modules/.bin/mcp-inspector"));
        tandem = RunningTandem.start(work.resolve("inbox"), work.resolve("data"), Map.of());
        recorder = RoundRobinProxy.start(List.of(tandem.baseUrl()));
    }

    @AfterAll
    void stop() throws Exception {
        recorder.close();
        tandem.close();
    }

    @Test
    void should_list_and_call_tools_read_resources_and_get_prompts_without_a_session_in_the_modern_era()
            throws Exception {
        int first = recorder.hops().size();

        assertEveryMethodWorks("modern", List.of("--protocol-era", "modern"));

        List<String> methods = recorder.hops().subList(first, recorder.hops().size()).stream()
                .map(RoundRobinProxy.Hop::method).toList();
        assertThat(methods).contains("server/discover", "tools/list", "tools/call", "prompts/get",
                "resources/templates/list").doesNotContain("initialize", "POST");
    }

    @Test
    void should_do_the_same_in_a_2025_11_25_session_in_its_default_era() throws Exception {
        int first = recorder.hops().size();

        assertEveryMethodWorks("default", List.of());

        List<String> methods = recorder.hops().subList(first, recorder.hops().size()).stream()
                .map(RoundRobinProxy.Hop::method).toList();
        assertThat(methods).contains("POST").doesNotContain("server/discover", "tools/list");
    }

    private void assertEveryMethodWorks(String era, List<String> eraFlags) throws Exception {
        NodePackages.Run tools = inspector(era + "-tools-list", eraFlags, "--method", "tools/list");
        assertThat(tools.output()).contains("\"list_models\"", "\"search_documents\"", "\"documentdb_find\"");

        NodePackages.Run call = inspector(era + "-tools-call", eraFlags, "--method", "tools/call", "--tool-name",
                "list_models");
        assertThat(call.output()).contains("\"content\"").doesNotContain("\"isError\": true", "\"isError\":true");

        NodePackages.Run prompt = inspector(era + "-prompts-get", eraFlags, "--method", "prompts/get",
                "--prompt-name", "answer_from_documents", "--prompt-args", "question=who keeps the lighthouse");
        assertThat(prompt.output()).contains("who keeps the lighthouse");

        NodePackages.Run templates = inspector(era + "-templates", eraFlags, "--method",
                "resources/templates/list");
        assertThat(templates.output()).contains("model://{id}");
    }

    private NodePackages.Run inspector(String name, List<String> eraFlags, String... method) throws Exception {
        List<String> command = new ArrayList<>(List.of(node.module(".bin/mcp-inspector").toString(), "--cli",
                "--server-url", recorder.baseUrl() + "/mcp", "--transport", "http", "--format", "json",
                "--stored-auth-only"));
        command.addAll(eraFlags);
        command.addAll(List.of(method));
        // its files (catalog, client config, OAuth store) go to a home of this test, not the user's
        NodePackages.Run run = node.run("inspector-" + name, command, Map.of("HOME", work.toString()), 3);
        assertThat(run.exitCode()).as("inspector %s output:%n%s", name, run.output()).isZero();
        return run;
    }
}
