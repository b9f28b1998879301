package dev.tandem.mcp.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RunningTandem;
import dev.tandem.logging.CapturedLog;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A proxied call given up on Tandem's side is given up upstream too: server-everything (over stdio, with a witness
 * preloaded that reports on stderr each {@code notifications/cancelled} it receives, which Tandem logs under the
 * server's name) is told when an MCP client cancels its request or ends its session, when Tandem's agent abandons
 * the call, and when the call times out; a server with a slow prompt and resource (the fixture
 * {@code slow-content.mjs}, witnessed the same way) is told when the client cancels its {@code prompts/get} or
 * {@code resources/read}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpGatewayCancellationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path WITNESS = Path.of("src", "test", "resources", "mcp-gateway", "cancel-witness.cjs")
            .toAbsolutePath();
    private static final String LONG_CALL = "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":"
            + "{\"name\":\"%s__trigger-long-running-operation\",\"arguments\":{\"duration\":60,\"steps\":60}}}";

    @TempDir
    static Path work;
    private UpstreamServers upstreams;
    private RunningTandem tandem;
    private final ExecutorService clients = Executors.newCachedThreadPool();

    @BeforeAll
    void start() throws Exception {
        upstreams = UpstreamServers.install();
        Path config = work.resolve("mcp.json");
        JSON.writeValue(config.toFile(), Map.of("mcpServers", Map.of(
                "patient", witnessed("tandem-test-patient", 600_000),
                "hasty", witnessed("tandem-test-hasty", 1000),
                "slow", witnessed(List.of(upstreams.slowContentScript().toString()), 600_000))));
        // one failure would open a circuit: a call given up must not count as one
        tandem = RunningTandem.start(work.resolve("inbox"), work.resolve("data"), Map.of(
                "tandem.mcp.config", config.toString(),
                "tandem.mcp.upstream.breaker.failures", "1"));
        await().atMost(Duration.ofSeconds(90)).until(() -> "ready".equals(server("patient").get("state").asText())
                && "ready".equals(server("hasty").get("state").asText())
                && "ready".equals(server("slow").get("state").asText()));
    }

    @AfterAll
    void stop() throws Exception {
        clients.shutdownNow();
        if (tandem != null) {
            tandem.close();
        }
        upstreams.close();
    }

    @Test
    void should_cancel_the_upstream_call_and_free_the_request_when_the_mcp_client_cancels_it() throws Exception {
        try (CapturedLog log = CapturedLog.start(Level.INFO)) {
            String session = initialize();
            CompletableFuture<HttpResponse<String>> call = post(session, LONG_CALL.formatted(41, "patient"));
            await().atMost(Duration.ofSeconds(30)).until(() -> server("patient").get("inFlight").asInt() == 1);

            HttpResponse<String> cancelled = mcp(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                    + "\"params\":{\"requestId\":41,\"reason\":\"the user pressed stop\"}}");

            assertThat(cancelled.statusCode()).isEqualTo(202);
            // the client no longer waits for it, but the answer shows which mechanism ended the call
            assertThat(call.get(30, TimeUnit.SECONDS).body())
                    .contains("The call of trigger-long-running-operation to the MCP server patient was cancelled"
                            + " by its caller.");
            await().atMost(Duration.ofSeconds(30)).until(() -> log.text().contains("cancelled request "));
            assertThat(log.text()).containsPattern("] patient - cancelled request \\S+:"
                    + " The call of trigger-long-running-operation to the MCP server patient was cancelled");
            assertThat(log.text()).contains("MCP call patient/trigger-long-running-operation cancelled in");
            assertThat(tandem.get("/observe/metrics").body()).containsPattern("tandem_mcp_upstream_calls_seconds_count"
                    + "\\{outcome=\"cancelled\",server=\"patient\",tool=\"trigger-long-running-operation\"} 1");
            assertThat(server("patient").get("inFlight").asInt()).isZero();
            assertThat(server("patient").get("circuit").asText()).isEqualTo("closed");
            assertThat(mcp(session, "{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"tools/call\",\"params\":{\"name\":"
                    + "\"patient__echo\",\"arguments\":{\"message\":\"next\"}}}").body()).contains("Echo: next");
        }
    }

    @Test
    void should_cancel_the_upstream_prompts_get_when_the_mcp_client_cancels_it() throws Exception {
        assertCancelledUpstream("{\"jsonrpc\":\"2.0\",\"id\":51,\"method\":\"prompts/get\",\"params\":{\"name\":"
                + "\"slow__slow_prompt\"}}", 51, "prompt slow_prompt");
    }

    @Test
    void should_cancel_the_upstream_resources_read_when_the_mcp_client_cancels_it() throws Exception {
        assertCancelledUpstream("{\"jsonrpc\":\"2.0\",\"id\":61,\"method\":\"resources/read\",\"params\":{\"uri\":"
                + "\"slow://report\"}}", 61, "resource slow://report");
    }

    /**
     * Sends {@code request} to the slow server through Tandem, cancels it as a client does, and checks that the
     * request ended at once, that the server received {@code notifications/cancelled} for it, and that the server
     * is not held against it.
     */
    private void assertCancelledUpstream(String request, int id, String what) throws Exception {
        try (CapturedLog log = CapturedLog.start(Level.INFO)) {
            String session = initialize();
            CompletableFuture<HttpResponse<String>> pending = post(session, request);
            await().atMost(Duration.ofSeconds(30)).until(() -> server("slow").get("inFlight").asInt() == 1);

            HttpResponse<String> cancelled = mcp(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                    + "\"params\":{\"requestId\":" + id + ",\"reason\":\"the user pressed stop\"}}");

            assertThat(cancelled.statusCode()).isEqualTo(202);
            assertThat(pending.get(30, TimeUnit.SECONDS).body()).contains("The call of " + what
                    + " to the MCP server slow was cancelled by its caller.");
            await().atMost(Duration.ofSeconds(30)).until(() -> log.text().contains("] slow - cancelled request "));
            assertThat(log.text()).containsPattern("] slow - cancelled request \\S+: The call of " + what
                    + " to the MCP server slow was cancelled");
            assertThat(server("slow").get("inFlight").asInt()).isZero();
            assertThat(server("slow").get("circuit").asText()).isEqualTo("closed");
        }
    }

    @Test
    void should_cancel_the_upstream_calls_of_a_session_the_client_ends() throws Exception {
        try (CapturedLog log = CapturedLog.start(Level.INFO)) {
            String session = initialize();
            CompletableFuture<HttpResponse<String>> call = post(session, LONG_CALL.formatted(7, "patient"));
            await().atMost(Duration.ofSeconds(30)).until(() -> server("patient").get("inFlight").asInt() == 1);

            HttpResponse<String> ended = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(URI.create(tandem.baseUrl() + "/mcp")).DELETE().header("Mcp-Session-Id",
                            session).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(ended.statusCode()).isEqualTo(200);
            assertThat(call.get(30, TimeUnit.SECONDS).body()).contains("was cancelled by its caller");
            await().atMost(Duration.ofSeconds(30)).until(() -> log.text().contains("cancelled request "));
        }
    }

    @Test
    void should_cancel_the_upstream_call_of_a_client_that_hangs_up_before_its_answer_began() throws Exception {
        try (CapturedLog log = CapturedLog.start(Level.INFO)) {
            String session = initialize();
            byte[] body = LONG_CALL.formatted(9, "patient").getBytes(StandardCharsets.UTF_8);
            try (Socket socket = new Socket("127.0.0.1", URI.create(tandem.baseUrl()).getPort())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Accept: application/json\r\nMcp-Session-Id: " + session + "\r\nContent-Length: "
                        + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                await().atMost(Duration.ofSeconds(30)).until(() -> server("patient").get("inFlight").asInt() == 1);
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> log.text().contains("cancelled request "));
            await().atMost(Duration.ofSeconds(30)).until(() -> server("patient").get("inFlight").asInt() == 0);
        }
    }

    @Test
    void should_cancel_the_upstream_call_when_tandems_agent_abandons_it() throws Exception {
        McpGateway gateway = tandem.context().getRegistry().findSingleByType(McpGateway.class);
        ProxiedTool tool = gateway.find("patient__trigger-long-running-operation").orElseThrow();
        try (CapturedLog log = CapturedLog.start(Level.INFO)) {
            Future<?> call = clients.submit(() -> gateway.call(tool, Map.of("duration", 60, "steps", 60), null, null,
                    null));
            await().atMost(Duration.ofSeconds(30)).until(() -> server("patient").get("inFlight").asInt() == 1);

            // what the agent's tool runner does with a tool past its time
            call.cancel(true);

            await().atMost(Duration.ofSeconds(30)).until(() -> log.text().contains("cancelled request "));
            assertThat(log.text()).contains("MCP call patient/trigger-long-running-operation cancelled in");
            await().atMost(Duration.ofSeconds(30)).until(() -> server("patient").get("inFlight").asInt() == 0);
        }
    }

    @Test
    void should_cancel_the_upstream_call_that_timed_out() throws Exception {
        try (CapturedLog log = CapturedLog.start(Level.INFO)) {
            String session = initialize();

            HttpResponse<String> timedOut = mcp(session, LONG_CALL.formatted(1, "hasty"));

            assertThat(timedOut.body()).contains("The MCP server hasty did not answer trigger-long-running-operation"
                    + " within 1000 ms.");
            await().atMost(Duration.ofSeconds(30)).until(() -> log.text().contains("cancelled request "));
            assertThat(log.text()).containsPattern("] hasty - cancelled request \\S+:"
                    + " The MCP server hasty did not answer");
        }
    }

    /** server-everything over stdio with the witness preloaded, its calls bounded by {@code timeoutMs}. */
    private Map<String, Object> witnessed(String marker, int timeoutMs) {
        return witnessed(List.of(upstreams.everythingScript().toString(), "stdio", marker), timeoutMs);
    }

    /** A Node server of these arguments over stdio with the witness preloaded. */
    private Map<String, Object> witnessed(List<String> server, int timeoutMs) {
        List<String> args = new ArrayList<>(List.of("-r", WITNESS.toString()));
        args.addAll(server);
        return Map.of("command", upstreams.nodeBinary().toString(), "args", args, "timeoutMs", timeoutMs);
    }

    /** A new MCP session, initialized, as a client starts one. */
    private String initialize() throws IOException, InterruptedException {
        HttpResponse<String> init = tandem.post("/mcp", "application/json", "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":"
                + "\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":"
                + "{\"name\":\"cancelling-client\",\"version\":\"1\"}}}", "Accept", "application/json");
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertThat(mcp(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").statusCode())
                .isEqualTo(202);
        return session;
    }

    private HttpResponse<String> mcp(String session, String message) throws IOException, InterruptedException {
        return tandem.post("/mcp", "application/json", message, "Accept", "application/json", "Mcp-Session-Id",
                session, "MCP-Protocol-Version", "2025-06-18");
    }

    /** Sends a request that blocks until answered, from another thread. */
    private CompletableFuture<HttpResponse<String>> post(String session, String message) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return mcp(session, message);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, clients);
    }

    private JsonNode server(String name) throws IOException, InterruptedException {
        for (JsonNode server : tandem.getJson("/api/mcp/servers").get("servers")) {
            if (server.get("name").asText().equals(name)) {
                return server;
            }
        }
        throw new AssertionError("no server " + name + " in /api/mcp/servers");
    }
}
