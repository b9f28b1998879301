package dev.tandem.mcp.modern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RunningTandem;
import dev.tandem.mcp.gateway.UpstreamServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code subscriptions/listen} as a 2026-07-28 client without session uses it: a stream that says first what it
 * will carry, then tells of each change of Tandem's lists (here the gateway's catalogue after mcp.json changes) that
 * the client opted in to, each notification tagged with the subscription; a keep-alive comment while nothing happens;
 * and no more streams open at once than the process allows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModernListenTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SUBSCRIPTION = "/params/_meta/io.modelcontextprotocol~1subscriptionId";
    private static final int MAX_STREAMS = 2;

    @TempDir
    static Path work;
    private UpstreamServers upstreams;
    private RunningTandem tandem;
    private ModernClient client;
    private Path config;

    @BeforeAll
    void start() throws Exception {
        upstreams = UpstreamServers.install();
        config = work.resolve("mcp.json");
        tandem = RunningTandem.start(work.resolve("inbox"), work.resolve("data"), Map.of(
                "tandem.mcp.config", config.toString(),
                "tandem.mcp.reload.ms", "200",
                "tandem.mcp.listen.max", Integer.toString(MAX_STREAMS),
                "tandem.mcp.listen.keepalive.ms", "50"));
        client = new ModernClient(tandem.baseUrl(), Map.of());
    }

    /** Each test starts with no stream open: those of the test before were released when it hung up. */
    @BeforeEach
    void noStreamOpen() {
        await("every listen stream of earlier tests released").atMost(WAIT).until(() -> openStreams() == 0);
    }

    @AfterAll
    void stop() throws Exception {
        tandem.close();
        upstreams.close();
    }

    @Test
    void should_tell_each_listen_stream_of_the_list_changes_it_asked_for_when_mcp_json_changes() throws Exception {
        JsonNode capabilities = client.call("server/discover", Map.of()).result().get("capabilities");
        assertThat(capabilities.at("/tools/listChanged").asBoolean()).isTrue();
        assertThat(capabilities.at("/prompts/listChanged").asBoolean()).isTrue();

        try (ListenStream tools = ListenStream.open(tandem.baseUrl(), client, Map.of("toolsListChanged", true,
                "resourceSubscriptions", List.of("model://local")));
                ListenStream prompts = ListenStream.open(tandem.baseUrl(), client, Map.of("promptsListChanged",
                        true))) {
            assertThat(tools.status()).isEqualTo(200);
            assertThat(tools.header("Content-Type")).startsWith("text/event-stream");
            JsonNode ack = tools.next(WAIT);
            assertThat(ack.get("method").asText()).isEqualTo("notifications/subscriptions/acknowledged");
            assertThat(ack.at(SUBSCRIPTION).asLong()).isEqualTo(((Number) tools.id()).longValue());
            // resource updates are never sent, so that part of the filter is not acknowledged
            assertThat(JSON.convertValue(ack.at("/params/notifications"), Map.class))
                    .isEqualTo(Map.of("toolsListChanged", true));
            assertThat(prompts.next(WAIT).get("method").asText()).isEqualTo("notifications/subscriptions/acknowledged");

            JSON.writeValue(config.toFile(), Map.of("mcpServers", Map.of("everything",
                    upstreams.everythingStdio(Map.of(), "tandem-test-listen"))));

            JsonNode changed = tools.next(WAIT);
            assertThat(changed.get("method").asText()).isEqualTo("notifications/tools/list_changed");
            assertThat(changed.at(SUBSCRIPTION).asLong()).isEqualTo(((Number) tools.id()).longValue());
            assertThat(client.call("tools/list", Map.of()).result().findValuesAsText("name"))
                    .contains("everything__echo");
            // the gateway publishes tools before prompts: a stream that leaked tool changes would see one first
            JsonNode promptsChanged = prompts.next(WAIT);
            assertThat(promptsChanged.get("method").asText()).isEqualTo("notifications/prompts/list_changed");
            assertThat(promptsChanged.at(SUBSCRIPTION).asLong()).isEqualTo(((Number) prompts.id()).longValue());
        }
    }

    @Test
    void should_keep_a_quiet_listen_stream_alive_with_comment_lines() throws Exception {
        try (ListenStream quiet = ListenStream.open(tandem.baseUrl(), client, Map.of("toolsListChanged", true))) {
            assertThat(quiet.next(WAIT).get("method").asText()).isEqualTo("notifications/subscriptions/acknowledged");

            assertThat(quiet.nextComment(WAIT)).isEqualTo(": keep-alive");
            assertThat(quiet.nextComment(WAIT)).isEqualTo(": keep-alive");
        }
    }

    @Test
    void should_refuse_a_listen_stream_beyond_the_cap_until_a_client_hangs_up() throws Exception {
        Map<String, Object> filter = Map.of("toolsListChanged", true);
        try (ListenStream first = ListenStream.open(tandem.baseUrl(), client, filter);
                ListenStream second = ListenStream.open(tandem.baseUrl(), client, filter)) {
            assertThat(first.next(WAIT).get("method").asText()).isEqualTo("notifications/subscriptions/acknowledged");
            assertThat(second.next(WAIT).get("method").asText()).isEqualTo("notifications/subscriptions/acknowledged");
            assertThat(openStreams()).isEqualTo(MAX_STREAMS);

            try (ListenStream refused = ListenStream.open(tandem.baseUrl(), client, filter)) {
                assertThat(refused.status()).isEqualTo(503);
                JsonNode error = refused.next(WAIT);
                assertThat(error.get("id").asLong()).isEqualTo(((Number) refused.id()).longValue());
                assertThat(error.at("/error/code").asInt()).isEqualTo(-32603);
                assertThat(error.at("/error/message").asText()).contains("already holds 2 subscriptions/listen"
                        + " streams", "TANDEM_MCP_LISTEN_MAX", "close a stream");
            }

            first.close(); // hangs up
            await("the stream of the client that hung up released").atMost(WAIT)
                    .until(() -> openStreams() == MAX_STREAMS - 1);
            try (ListenStream third = ListenStream.open(tandem.baseUrl(), client, filter)) {
                assertThat(third.status()).isEqualTo(200);
                assertThat(third.next(WAIT).get("method").asText())
                        .isEqualTo("notifications/subscriptions/acknowledged");
            }
        }
    }

    @Test
    void should_refuse_a_listen_request_without_the_notifications_it_wants() throws Exception {
        ModernClient.Answer answer = client.call("subscriptions/listen", Map.of());

        assertThat(answer.errorCode()).isEqualTo(-32602);
        assertThat(answer.body().at("/error/message").asText()).contains("params.notifications");
    }

    /** {@code tandem_mcp_listen_streams} as {@code /observe/metrics} shows it. */
    private int openStreams() throws Exception {
        return tandem.get("/observe/metrics").body().lines()
                .filter(line -> line.startsWith("tandem_mcp_listen_streams ")).map(line -> (int) Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("/observe/metrics has no tandem_mcp_listen_streams"));
    }
}
