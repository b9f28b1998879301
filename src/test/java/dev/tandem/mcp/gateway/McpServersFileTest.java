package dev.tandem.mcp.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tandem.config.InvalidSettingException;
import dev.tandem.config.Secrets;
import dev.tandem.mcp.gateway.UpstreamSettings.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class McpServersFileTest {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Map<String, String> VARIABLES = Map.of("GITHUB_TOKEN", "ghp-secret-7731", "DOCS_HOST",
            "docs.example.com");

    @TempDir
    Path dir;

    @Test
    void should_read_the_claude_desktop_shape_with_stdio_and_url_servers() throws IOException {
        List<UpstreamSettings> servers = read("""
                {"mcpServers": {
                  "fs": {"command": "npx", "args": ["-y", "server-filesystem", "/tmp"], "env": {"A": "1"},
                         "cwd": "/srv"},
                  "docs": {"url": "https://docs.example.com/mcp", "headers": {"X-Team": "blue"}}
                }}""");

        assertThat(servers).extracting(UpstreamSettings::name).containsExactly("fs", "docs");
        UpstreamSettings fs = servers.get(0);
        assertThat(fs.transport()).isEqualTo(Transport.STDIO);
        assertThat(fs.command()).isEqualTo("npx");
        assertThat(fs.args()).containsExactly("-y", "server-filesystem", "/tmp");
        assertThat(fs.env()).containsEntry("A", "1");
        assertThat(fs.cwd()).contains(Path.of("/srv"));
        assertThat(fs.enabled()).isTrue();
        assertThat(fs.timeout()).isEqualTo(DEFAULT_TIMEOUT);
        assertThat(fs.problem()).isNull();
        UpstreamSettings docs = servers.get(1);
        assertThat(docs.transport()).isEqualTo(Transport.HTTP);
        assertThat(docs.url()).isEqualTo(URI.create("https://docs.example.com/mcp"));
        assertThat(docs.headers()).containsEntry("X-Team", "blue");
    }

    @Test
    void should_read_the_vs_code_shape_with_its_types_and_tandem_fields() throws IOException {
        List<UpstreamSettings> servers = read("""
                {"inputs": [], "servers": {
                  "everything": {"type": "stdio", "command": "node", "enabled": false, "timeoutMs": 1500,
                                 "allowedTools": ["get*"], "deniedTools": ["get-env"]},
                  "old": {"type": "sse", "url": "http://127.0.0.1:9/sse"},
                  "new": {"type": "http", "url": "http://127.0.0.1:9/mcp"}
                }}""");

        assertThat(servers).extracting(UpstreamSettings::transport).containsExactly(Transport.STDIO, Transport.SSE,
                Transport.HTTP);
        UpstreamSettings everything = servers.get(0);
        assertThat(everything.enabled()).isFalse();
        assertThat(everything.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(everything.tools().offers("get-sum")).isTrue();
        assertThat(everything.tools().offers("get-env")).isFalse();
        assertThat(everything.tools().offers("echo")).isFalse();
    }

    @Test
    void should_expand_variables_from_the_environment_and_mask_what_they_expand_to() throws IOException {
        List<UpstreamSettings> servers = read("""
                {"mcpServers": {"github": {"url": "https://${DOCS_HOST}/mcp",
                  "headers": {"Authorization": "Bearer ${env:GITHUB_TOKEN}"}}}}""");

        assertThat(servers.get(0).url()).isEqualTo(URI.create("https://docs.example.com/mcp"));
        assertThat(servers.get(0).headers()).containsEntry("Authorization", "Bearer ghp-secret-7731");
        assertThat(Secrets.maskText("sent Bearer ghp-secret-7731")).isEqualTo("sent Bearer ****");
    }

    @Test
    void should_mark_one_bad_server_failed_and_keep_the_others() throws IOException {
        List<UpstreamSettings> servers = read("""
                {"mcpServers": {
                  "unset": {"command": "x", "env": {"KEY": "${NOT_SET_ANYWHERE}"}},
                  "neither": {"args": []},
                  "both": {"command": "x", "url": "http://127.0.0.1:1/mcp"},
                  "odd type": {"command": "x"},
                  "prompted": {"command": "x", "args": ["${input:token}"]},
                  "good": {"command": "node"}
                }}""");

        assertThat(servers).extracting(UpstreamSettings::problem).satisfiesExactly(
                p -> assertThat(p).contains("env.KEY", "${NOT_SET_ANYWHERE}", "neither in the environment nor in .env"),
                p -> assertThat(p).contains("neither command (stdio) nor url"),
                p -> assertThat(p).contains("both command and url"),
                p -> assertThat(p).contains("letters, digits"),
                p -> assertThat(p).contains("${input:token}", "only ${NAME} and ${env:NAME}"),
                p -> assertThat(p).isNull());
    }

    @Test
    void should_stop_start_up_naming_the_field_of_the_wrong_type() {
        assertThatThrownBy(() -> read("{\"mcpServers\": {\"fs\": {\"command\": \"npx\", \"args\": \"-y\"}}}"))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("mcpServers.fs.args must be a list");
        assertThatThrownBy(() -> read("{\"servers\": {\"x\": {\"url\": \"http://h/mcp\", \"timeoutMs\": \"5s\"}}}"))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("servers.x.timeoutMs must be");
        assertThatThrownBy(() -> read("{\"mcpServers\": {\"fs\": {\"command\": \"npx\",}}}"))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("is not valid JSON (line 1");
        assertThatThrownBy(() -> read("{\"tools\": {}}"))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("\"mcpServers\"");
    }

    @Test
    void should_read_the_protocol_each_server_is_spoken_to_in_auto_by_default() throws IOException {
        List<UpstreamSettings> servers = read("""
                {"mcpServers": {
                  "plain": {"url": "http://127.0.0.1:9/mcp"},
                  "modern": {"url": "http://127.0.0.1:9/mcp", "protocol": "2026-07-28", "maxRounds": 3},
                  "pinned": {"url": "http://127.0.0.1:9/mcp", "protocol": "2025-06-18"}
                }}""");

        assertThat(servers.get(0).protocol()).isEqualTo(UpstreamProtocol.AUTO);
        assertThat(servers.get(0).maxRounds()).isEqualTo(5);
        assertThat(servers.get(1).protocol().modernOnly()).isTrue();
        assertThat(servers.get(1).maxRounds()).isEqualTo(3);
        assertThat(servers.get(2).protocol().legacy()).contains("2025-06-18");
        assertThat(servers).extracting(UpstreamSettings::problem).containsOnlyNulls();
    }

    @Test
    void should_mark_a_server_failed_whose_protocol_cannot_be_spoken_to_it() throws IOException {
        List<UpstreamSettings> servers = read("""
                {"mcpServers": {
                  "unknown": {"url": "http://127.0.0.1:9/mcp", "protocol": "2027-01-01"},
                  "stdio": {"command": "node", "protocol": "2026-07-28"}
                }}""");

        assertThat(servers).extracting(UpstreamSettings::problem).satisfiesExactly(
                p -> assertThat(p).contains("protocol '2027-01-01' is not one of auto, 2026-07-28, 2025-11-25"),
                p -> assertThat(p).contains("protocol can be fixed only for an http server", "use auto"));
        assertThatThrownBy(() -> read("{\"mcpServers\": {\"x\": {\"url\": \"http://h/mcp\", \"maxRounds\": 0}}}"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("mcpServers.x.maxRounds must be a whole number from 1 to 20");
    }

    @Test
    void should_read_whether_a_servers_questions_are_asked_or_declined_and_refuse_any_other_value()
            throws IOException {
        List<UpstreamSettings> servers = read("""
                {"mcpServers": {
                  "plain": {"command": "node"},
                  "asks": {"command": "node", "elicitation": "ask"},
                  "once": {"command": "node", "elicitation": "decline"}
                }}""");

        assertThat(servers).extracting(UpstreamSettings::elicitation).containsExactly(
                UpstreamSettings.Elicitation.ASK, UpstreamSettings.Elicitation.ASK,
                UpstreamSettings.Elicitation.DECLINE);
        assertThatThrownBy(() -> read("{\"mcpServers\": {\"x\": {\"command\": \"node\", \"elicitation\": \"never\"}}}"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("mcpServers.x.elicitation must be \"ask\" (the default: the caller is asked) or"
                        + " \"decline\"");
        assertThatThrownBy(() -> read("{\"servers\": {\"x\": {\"command\": \"node\", \"elicitation\": false}}}"))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("servers.x.elicitation must be text");
    }

    @Test
    void should_have_no_servers_when_the_file_does_not_exist() {
        assertThat(McpServersFile.read(dir.resolve("absent.json"), name -> Optional.empty(), DEFAULT_TIMEOUT))
                .isEmpty();
    }

    private List<UpstreamSettings> read(String json) throws IOException {
        Path file = Files.writeString(dir.resolve("mcp.json"), json);
        return McpServersFile.read(file, name -> Optional.ofNullable(VARIABLES.get(name)), DEFAULT_TIMEOUT);
    }
}
