package dev.tandem.mcp.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class UpstreamTransportsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JacksonMcpJsonMapper JSON = new JacksonMcpJsonMapper(MAPPER);

    @Test
    void should_send_the_headers_of_the_servers_entry_with_its_requests() throws Exception {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/mcp", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        upstream.start();
        try {
            UpstreamSettings settings = http(URI.create("http://127.0.0.1:" + upstream.getAddress().getPort()
                    + "/mcp"), Map.of("Authorization", "Bearer t0ken-from-env"));
            McpSyncClient client = McpClient.sync(UpstreamTransports.create(settings, JSON))
                    .initializationTimeout(Duration.ofSeconds(5)).build();

            assertThatThrownBy(client::initialize).isInstanceOf(RuntimeException.class);
            client.close();

            assertThat(authorizations).isNotEmpty().containsOnly("Bearer t0ken-from-env");
        } finally {
            upstream.stop(0);
        }
    }

    @Test
    void should_handle_an_http_upstreams_answers_on_the_thread_that_read_them() throws Exception {
        HttpServer upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/mcp", UpstreamTransportsTest::answerAsMinimalMcpServer);
        upstream.start();
        Set<String> handlingThreads = ConcurrentHashMap.newKeySet();
        try {
            UpstreamSettings settings = http(URI.create("http://127.0.0.1:" + upstream.getAddress().getPort()
                    + "/mcp"), Map.of());
            McpSyncClient client = McpClient.sync(new ForwardingTransport(UpstreamTransports.create(settings, JSON)) {
                @Override
                public Mono<Void> connect(
                        Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
                    return super.connect(inbound -> handler.apply(inbound.doOnNext(
                            message -> handlingThreads.add(Thread.currentThread().getName()))));
                }
            }).requestTimeout(Duration.ofSeconds(10)).build();
            client.initialize();
            for (int i = 0; i < 20; i++) {
                McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("echo", Map.of()));
                assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("echoed");
            }
            client.closeGracefully();
        } finally {
            upstream.stop(0);
        }

        // the JDK client's own pool (its "Worker" threads) would be one more hand-off per answer
        assertThat(handlingThreads).isNotEmpty().noneMatch(name -> name.matches("HttpClient-\\d+-Worker-\\d+"));
    }

    @Test
    void should_handle_a_2026_upstreams_answers_on_the_thread_that_read_them() {
        HttpClient client = ModernUpstream.client(http(URI.create("http://127.0.0.1:1/mcp"), Map.of()));

        assertThat(client.executor()).contains(UpstreamTransports.ON_READING_THREAD);
    }

    @Test
    void should_refuse_at_once_a_command_that_cannot_run() {
        UpstreamSettings settings = new UpstreamSettings("ghost", UpstreamSettings.Transport.STDIO,
                "no-such-mcp-server-command", List.of(), Map.of(), Optional.empty(), null, Map.of(), true,
                ToolFilter.ALL, Duration.ofSeconds(30), null);

        assertThatThrownBy(() -> UpstreamTransports.create(settings, JSON))
                .hasMessageContaining("the command no-such-mcp-server-command is not found on the PATH");
        assertThatThrownBy(() -> UpstreamTransports.create(new UpstreamSettings("ghost",
                UpstreamSettings.Transport.STDIO, "/no/such/dir/server", List.of(), Map.of(),
                Optional.of(Path.of("/")), null, Map.of(), true, ToolFilter.ALL, Duration.ofSeconds(30), null), JSON))
                .hasMessageContaining("is not an executable file");
    }

    @Test
    void should_answer_every_call_when_many_threads_call_one_stdio_upstream_at_once() throws Exception {
        int threads = 32;
        int callsEach = 25;
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        try (UpstreamServers upstreams = UpstreamServers.install()) {
            McpSyncClient client = McpClient.sync(upstreams.everythingStdioTransport())
                    .requestTimeout(Duration.ofSeconds(60)).build();
            client.initialize();
            List<Future<Integer>> answered = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                answered.add(callers.submit(() -> {
                    int echoed = 0;
                    for (int i = 0; i < callsEach; i++) {
                        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("echo",
                                Map.of("message", "call " + i)));
                        echoed += ((McpSchema.TextContent) result.content().get(0)).text().contains("call " + i)
                                ? 1 : 0;
                    }
                    return echoed;
                }));
            }

            try {
                for (Future<Integer> caller : answered) {
                    assertThat(caller.get(120, TimeUnit.SECONDS)).isEqualTo(callsEach);
                }
            } finally {
                client.closeGracefully();
            }
        } finally {
            callers.shutdownNow();
        }
    }

    /** Answers initialize and tools/call with JSON, and takes notifications. */
    private static void answerAsMinimalMcpServer(HttpExchange exchange) throws IOException {
        JsonNode message = MAPPER.readTree(exchange.getRequestBody());
        if (!message.has("id")) {
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
            return;
        }
        ObjectNode answer = MAPPER.createObjectNode().put("jsonrpc", "2.0").set("id", message.get("id"));
        ObjectNode result = answer.putObject("result");
        if ("initialize".equals(message.path("method").asText())) {
            result.put("protocolVersion", message.path("params").path("protocolVersion").asText());
            result.putObject("capabilities").putObject("tools");
            result.putObject("serverInfo").put("name", "minimal").put("version", "1");
        } else {
            result.putArray("content").addObject().put("type", "text").put("text", "echoed");
        }
        byte[] body = MAPPER.writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static UpstreamSettings http(URI url, Map<String, String> headers) {
        return new UpstreamSettings("web", UpstreamSettings.Transport.HTTP, null, List.of(), Map.of(),
                Optional.empty(), url, headers, true, ToolFilter.ALL, Duration.ofSeconds(5), null);
    }
}
