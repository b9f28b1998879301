package dev.tandem.mcp.modern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RunningTandem;
import dev.tandem.mcp.gateway.UpstreamServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 2026-07-28 client calls, through Tandem's gateway, a 2025-11-25 upstream (server-everything over stdio) whose
 * tool elicits during the call: the client gets the upstream's question as an {@code input_required} result, and its
 * retry with the answer runs the tool again with the answer given to the upstream's question; unless the server's
 * entry says {@code "elicitation": "decline"}, whose tool gets a decline at once and runs once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModernGatewayElicitationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOOL = "everything__trigger-elicitation-request";
    private static final String DECLINED_TOOL = "once__trigger-elicitation-request";

    @TempDir
    static Path work;
    private UpstreamServers upstreams;
    private RunningTandem tandem;
    private ModernClient client;

    @BeforeAll
    void start() throws Exception {
        upstreams = UpstreamServers.install();
        Path config = work.resolve("mcp.json");
        Map<String, Object> once = new LinkedHashMap<>(upstreams.everythingStdio(Map.of(),
                "tandem-test-modern-elicitation-declined"));
        once.put("elicitation", "decline");
        JSON.writeValue(config.toFile(), Map.of("mcpServers", Map.of("everything",
                upstreams.everythingStdio(Map.of(), "tandem-test-modern-elicitation"), "once", once)));
        // two servers' tools and Tandem's own on one tools/list page
        tandem = RunningTandem.start(work.resolve("inbox"), work.resolve("data"), Map.of(
                "tandem.mcp.config", config.toString(), "tandem.mcp.page.size", "200"));
        client = new ModernClient(tandem.baseUrl(), Map.of("elicitation", Map.of()));
        await().atMost(Duration.ofSeconds(60)).until(() -> client.call("tools/list", Map.of()).result()
                .findValuesAsText("name").containsAll(List.of(TOOL, DECLINED_TOOL)));
    }

    @AfterAll
    void stop() throws Exception {
        tandem.close();
        upstreams.close();
    }

    @Test
    void should_turn_the_upstreams_elicitation_into_input_required_and_finish_with_the_clients_answer()
            throws Exception {
        ModernClient.Answer asked = client.call("tools/call", Map.of("name", TOOL, "arguments", Map.of()));

        assertThat(asked.status()).isEqualTo(200);
        JsonNode result = asked.result();
        assertThat(result.get("resultType").asText()).isEqualTo("input_required");
        assertThat(result.get("inputRequests").size()).isEqualTo(1);
        String key = result.get("inputRequests").fieldNames().next();
        JsonNode question = result.get("inputRequests").get(key);
        assertThat(question.get("method").asText()).isEqualTo("elicitation/create");
        assertThat(question.at("/params/message").asText()).contains("Please provide inputs");
        assertThat(result.has("content")).isFalse();
        // the upstream was told the user cancelled, so its call ended normally rather than with an error
        JsonNode firstRound = tandem.getJson("/api/tool-calls").get("calls").get(0);
        assertThat(firstRound.get("tool").asText()).contains("trigger-elicitation-request");
        assertThat(firstRound.get("outcome").asText()).isEqualTo("ok");

        Map<String, Object> retry = new LinkedHashMap<>(Map.of("name", TOOL, "arguments", Map.of()));
        retry.put("inputResponses", Map.of(key, Map.of("action", "accept", "content", Map.of("name", "Ada Lovelace",
                "check", true))));
        retry.put("requestState", result.get("requestState").asText());
        ModernClient.Answer answered = client.call("tools/call", retry);

        assertThat(answered.result().get("resultType").asText()).as(answered.body().toString())
                .isEqualTo("complete");
        assertThat(answered.result().findValuesAsText("text")).anyMatch(text -> text.contains("Name: Ada Lovelace"));
    }

    @Test
    void should_tell_the_upstream_the_user_declined_when_the_client_says_so() throws Exception {
        JsonNode result = client.call("tools/call", Map.of("name", TOOL, "arguments", Map.of())).result();
        String key = result.get("inputRequests").fieldNames().next();

        Map<String, Object> retry = new LinkedHashMap<>(Map.of("name", TOOL, "arguments", Map.of()));
        retry.put("inputResponses", Map.of(key, Map.of("action", "decline")));
        retry.put("requestState", result.get("requestState").asText());
        JsonNode declined = client.call("tools/call", retry).result();

        assertThat(declined.get("resultType").asText()).isEqualTo("complete");
        assertThat(declined.findValuesAsText("text")).anyMatch(text -> text.contains("declined"));
    }

    @Test
    void should_decline_at_once_for_a_server_whose_entry_says_so_so_that_its_tool_runs_once() throws Exception {
        ModernClient.Answer answer = client.call("tools/call", Map.of("name", DECLINED_TOOL, "arguments", Map.of()));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.result().get("resultType").asText()).as(answer.body().toString()).isEqualTo("complete");
        assertThat(answer.result().findValuesAsText("text")).anyMatch(text -> text.contains("declined"));
        JsonNode calls = tandem.getJson("/api/tool-calls").get("calls");
        assertThat(calls.findValues("server").stream().filter(server -> server.asText().equals("once"))).hasSize(1);
    }
}
