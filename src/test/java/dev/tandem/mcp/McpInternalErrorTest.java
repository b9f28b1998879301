package dev.tandem.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RunningTandem;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bug on {@code /mcp} (here an exception thrown ahead of the endpoint) is answered as a JSON-RPC internal error
 * with the request's id, in both eras, and never with the exception's own words.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpInternalErrorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    private RunningTandem tandem;

    @BeforeAll
    void start() throws Exception {
        tandem = RunningTandem.start(work.resolve("inbox"), work.resolve("data"), Map.of());
        AdviceWith.adviceWith(tandem.context(), "mcp-post", route -> route.weaveAddFirst().process(exchange -> {
            throw new IllegalStateException("a bug's own words");
        }));
    }

    @AfterAll
    void stop() throws Exception {
        tandem.close();
    }

    @Test
    void should_answer_a_2025_request_that_hit_a_bug_with_a_json_rpc_internal_error() throws Exception {
        HttpResponse<String> response = tandem.post("/mcp", "application/json", "{\"jsonrpc\": \"2.0\", \"id\": 41,"
                + " \"method\": \"initialize\", \"params\": {\"protocolVersion\": \"2025-11-25\", \"capabilities\": {},"
                + " \"clientInfo\": {\"name\": \"t\", \"version\": \"1\"}}}", "Accept",
                "application/json, text/event-stream");

        assertInternalError(response, 41);
    }

    @Test
    void should_answer_a_2026_request_that_hit_a_bug_with_a_json_rpc_internal_error() throws Exception {
        HttpResponse<String> response = tandem.post("/mcp", "application/json", "{\"jsonrpc\": \"2.0\", \"id\": 42,"
                + " \"method\": \"tools/list\", \"params\": {\"_meta\": {\"io.modelcontextprotocol/protocolVersion\":"
                + " \"2026-07-28\", \"io.modelcontextprotocol/clientCapabilities\": {}}}}", "Accept",
                "application/json, text/event-stream", "MCP-Protocol-Version", "2026-07-28", "Mcp-Method",
                "tools/list");

        assertInternalError(response, 42);
    }

    private static void assertInternalError(HttpResponse<String> response, int id) throws Exception {
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(body.get("id").asInt()).isEqualTo(id);
        assertThat(body.at("/error/code").asInt()).isEqualTo(-32603);
        assertThat(body.at("/error/message").asText())
                .isEqualTo("Tandem could not complete the request; the server log has the details.");
        assertThat(response.body()).doesNotContain("a bug's own words").doesNotContain("Exception");
    }
}
