package dev.tandem.mcp.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.tandem.RunningTandem;
import dev.tandem.TestElasticsearch;
import dev.tandem.config.DotEnv;
import dev.tandem.config.InvalidSettingException;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How mcp.json is read when Tandem starts: a broken file stops it, variables come from the environment or .env. */
class McpGatewayStartupTest {

    @TempDir
    Path work;

    @Test
    void should_refuse_to_start_naming_the_field_when_mcp_json_has_a_wrong_type() throws Exception {
        Path config = Files.writeString(work.resolve("mcp.json"),
                "{\"mcpServers\": {\"fs\": {\"command\": \"npx\", \"args\": \"-y server-filesystem\"}}}");

        assertThatThrownBy(() -> RunningTandem.start(work.resolve("inbox"), work.resolve("data"),
                Map.of("tandem.mcp.config", config.toString())).close())
                .satisfies(e -> assertThat(ExceptionUtils.getThrowableList(e))
                        .anySatisfy(cause -> assertThat(cause).isInstanceOf(InvalidSettingException.class)
                                .hasMessageContaining("mcpServers.fs.args must be a list of texts")));
    }

    /** A quoted value keeps its spaces in .env; the settings check reads past them, and so must the reload timer. */
    @Test
    void should_check_mcp_json_for_changes_at_an_interval_written_with_spaces() throws Exception {
        Path config = Files.writeString(work.resolve("mcp.json"), "{\"mcpServers\": {}}");
        DotEnv dotEnv = DotEnv.parse(List.of("TANDEM_MCP_RELOAD_MS=\" 200 \""));

        try (RunningTandem tandem = RunningTandem.startWithDotEnv(dotEnv, Map.of(
                "tandem.es.url", TestElasticsearch.url().toString(),
                "tandem.es.index", "test-gateway-reload-interval",
                "tandem.inbox", work.resolve("inbox").toString(),
                "tandem.data.dir", work.resolve("data").toString(),
                "tandem.mcp.config", config.toString()))) {
            // two changes one after the other: a timer that fires once would see one at most
            for (String server : List.of("first", "second")) {
                Files.writeString(config, "{\"mcpServers\": {\"" + server + "\": {\"command\": \"node\","
                        + " \"enabled\": false}}}");

                await().atMost(Duration.ofSeconds(30)).until(() -> tandem.getJson("/api/mcp/servers").get("servers")
                        .findValuesAsText("name").equals(List.of(server)));
            }
        }
    }

    @Test
    void should_expand_a_variable_of_dot_env_in_mcp_json() throws Exception {
        try (UpstreamServers upstreams = UpstreamServers.install()) {
            String url = upstreams.startEverythingHttp();
            Path config = Files.writeString(work.resolve("mcp.json"),
                    "{\"servers\": {\"web\": {\"type\": \"http\", \"url\": \"${env:TANDEM_TEST_EVERYTHING_URL}\"}}}");
            DotEnv dotEnv = DotEnv.parse(List.of("TANDEM_TEST_EVERYTHING_URL=" + url));

            try (RunningTandem tandem = RunningTandem.startWithDotEnv(dotEnv, Map.of(
                    "tandem.es.url", TestElasticsearch.url().toString(),
                    "tandem.es.index", "test-gateway-startup",
                    "tandem.inbox", work.resolve("inbox").toString(),
                    "tandem.data.dir", work.resolve("data").toString(),
                    "tandem.mcp.config", config.toString()))) {

                await().atMost(Duration.ofSeconds(60)).until(() -> tandem.getJson("/api/mcp/servers").get("servers")
                        .get(0).get("state").asText().equals("ready"));
                assertThat(tandem.getJson("/api/tools").get("tools").findValuesAsText("name")).contains("web__echo");
            }
        }
    }
}
