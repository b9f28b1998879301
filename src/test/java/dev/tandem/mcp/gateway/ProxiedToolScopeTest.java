package dev.tandem.mcp.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RunningTandem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upstream's tool that is not declared read-only needs the caller's {@code write-tools} scope, as Tandem's own
 * write tools do: server-filesystem's {@code write_file} is refused to a key with only {@code tools}, its
 * {@code read_text_file} (read-only) is served, and nothing is written.
 */
class ProxiedToolScopeTest {

    private static final String TOOLS_KEY = "tools-only-key-0123456789";

    @TempDir
    Path work;

    @Test
    void should_refuse_an_upstream_write_tool_to_a_key_without_write_tools() throws Exception {
        Path files = Files.createDirectories(work.resolve("files"));
        Files.writeString(files.resolve("notes.txt"), "kept\n");
        Path config = work.resolve("mcp.json");
        new ObjectMapper().writeValue(config.toFile(), Map.of("mcpServers",
                Map.of("files", UpstreamServers.install().filesystem(files))));
        try (RunningTandem tandem = RunningTandem.start(work.resolve("inbox"), work.resolve("data"), Map.of(
                "tandem.mcp.config", config.toString(),
                "tandem.api.keys", "agent",
                "tandem.api.keys.agent.token", TOOLS_KEY,
                "tandem.api.keys.agent.scopes", "tools"))) {
            tandem.authorizeWith(TOOLS_KEY);
            await().atMost(Duration.ofSeconds(60)).until(() -> tandem.getJson("/api/tools").get("tools")
                    .findValuesAsText("name").contains("files__write_file"));

            HttpResponse<String> write = tandem.post("/api/tools/files__write_file", "application/json",
                    "{\"path\": \"" + files.resolve("notes.txt") + "\", \"content\": \"overwritten\"}");
            HttpResponse<String> read = tandem.post("/api/tools/files__read_text_file", "application/json",
                    "{\"path\": \"" + files.resolve("notes.txt") + "\"}");

            assertThat(write.statusCode()).isEqualTo(403);
            assertThat(write.body()).contains("insufficient_scope", "files__write_file", "write-tools");
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.body()).contains("kept");
            assertThat(Files.readString(files.resolve("notes.txt"))).isEqualTo("kept\n");
        }
    }
}
