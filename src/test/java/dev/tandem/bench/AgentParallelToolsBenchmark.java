package dev.tandem.bench;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.llm.emulator.EmulatedRequest;
import dev.tandem.llm.emulator.Reply;
import dev.tandem.llm.emulator.Reply.ToolCall;
import dev.tandem.mcp.gateway.UpstreamServers;

/**
 * Parallel tools, in one run: a replayed task of three tool calls of 50 ms (server-everything's
 * {@code trigger-long-running-operation}, behind the gateway), the first two independent (asked in one model turn),
 * the third after them; the model is the OpenAI emulator, answering at once. Tandem's tool loop runs it
 * ({@code tandem.tools}); the baseline is the same task driven by a client in sequence: the same three model turns
 * through {@code /v1/chat/completions} and the same three calls, one after the other, through {@code /api/tools}.
 * Prints the p50 wall times, their ratio, and Tandem's added time per model turn (the loop's wall time less the two
 * tool rounds of its critical path, per turn).
 * <p>
 * Usage: {@code bench/agent-parallel-tools [--runs 50] [--tool-ms 50]}
 */
public final class AgentParallelToolsBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USAGE = "bench/agent-parallel-tools [--runs 50] [--tool-ms 50]";
    private static final String TOOL = "everything__trigger-long-running-operation";
    private static final String MODEL = "openai/gpt-test";
    private static final int TURNS = 3;

    public static void main(String[] args) {
        BenchRun.main("agent-parallel-tools", args, AgentParallelToolsBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        BenchArgs options = BenchArgs.parse(args, USAGE, Set.of("--runs", "--tool-ms"), Set.of(), 0);
        int runs = options.integer("--runs", 50);
        int toolMs = options.integer("--tool-ms", 50);
        String arguments = JSON.writeValueAsString(Map.of("duration", toolMs / 1000.0, "steps", 1));
        Path dataDir = options.dataDir().toAbsolutePath();
        Path appDir = Files.createDirectories(dataDir.resolve("agent-parallel-tools-app"));
        try (UpstreamServers upstreams = UpstreamServers.install()) {
            Path config = appDir.resolve("mcp.json");
            JSON.writeValue(config.toFile(), Map.of("mcpServers", Map.of("everything",
                    upstreams.everythingStdio(Map.of(), "tandem-bench-agent"))));
            try (LlmBenchSetup setup = LlmBenchSetup.start(options, Map.of("tandem.mcp.config", config.toString(),
                    "tandem.es.index", "bench-agent"))) {
                // the model: two independent calls, then the one that needs them, then the answer
                setup.openai.respond(r -> switch (toolResults(r)) {
                    case 0 -> Reply.toolCalls(new ToolCall(TOOL, arguments), new ToolCall(TOOL, arguments));
                    case 2 -> Reply.toolCall(TOOL, arguments);
                    default -> Reply.text("All three operations completed.");
                });
                Client client = new Client(setup.port);
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                        .until(() -> client.get("/api/tools").contains(TOOL));
                int warmup = runs / 5 + 1;
                List<JsonNode> plans = new ArrayList<>();
                Map<String, Interleaved.Call> calls = new LinkedHashMap<>();
                // the loop first, as the warm-up always began: the gateway may still be bringing the server up
                calls.put("loop", round -> agentLoop(client, round < warmup ? new ArrayList<>() : plans));
                calls.put("sequence", round -> clientSequence(client, arguments));
                calls.put("single", round -> client.post("/api/tools/" + TOOL, arguments));
                Map<String, double[]> millis = Interleaved.millis(calls, warmup + runs, warmup);
                double tool = Percentiles.middle(millis.get("single"));
                double parallel = Percentiles.middle(millis.get("loop"));
                double serial = Percentiles.middle(millis.get("sequence"));
                System.out.printf("%nParallel tools: 3 calls of %d ms (2 independent), %d runs, model emulated%n",
                        toolMs, runs);
                System.out.printf("one tool call through /api/tools      p50 %8.1f ms%n", tool);
                System.out.printf("Tandem's tool loop (tandem.tools)      p50 %8.1f ms%n", parallel);
                System.out.printf("client loop, calls in sequence         p50 %8.1f ms%n", serial);
                System.out.printf("model turn step p50 %.1f ms, tool step p50 %.1f ms (from the loop's plans)%n",
                        stepP50(plans, "model"), stepP50(plans, "tool"));
                System.out.printf("ratio loop / sequence %.2f (two tool rounds instead of three, and no client"
                        + " round trips between the steps)%n", parallel / serial);
                System.out.printf("Tandem's added time per model turn: %.1f ms ((loop - 2 tool rounds) / %d)%n",
                        (parallel - 2 * tool) / TURNS, TURNS);
            }
        }
    }

    private static int toolResults(EmulatedRequest request) {
        int results = 0;
        for (JsonNode m : request.body().path("messages")) {
            results += "tool".equals(m.path("role").asText()) ? 1 : 0;
        }
        return results;
    }

    private static void agentLoop(Client client, List<JsonNode> plans) throws Exception {
        ObjectNode request = JSON.createObjectNode();
        request.put("model", MODEL);
        request.putArray("messages").addObject().put("role", "user").put("content", "Run the three operations.");
        request.putObject("tandem").putArray("tools").add(TOOL);
        JsonNode answer = JSON.readTree(client.post("/v1/chat/completions", request.toString()));
        if (!"All three operations completed.".equals(answer.at("/choices/0/message/content").asText())
                || answer.at("/tandem/plan/steps").size() != 6) {
            throw new IllegalStateException("The loop did not run the task: " + answer);
        }
        plans.add(answer.at("/tandem/plan/steps"));
    }

    /** The same task driven by the client: each model turn, then its calls one after the other. */
    private static void clientSequence(Client client, String arguments) throws Exception {
        ObjectNode request = JSON.createObjectNode();
        request.put("model", MODEL);
        ArrayNode messages = request.putArray("messages");
        messages.addObject().put("role", "user").put("content", "Run the three operations.");
        ObjectNode function = request.putArray("tools").addObject().put("type", "function").putObject("function");
        function.put("name", TOOL).put("description", "A long running operation");
        function.putObject("parameters").put("type", "object");
        for (int turn = 0; turn < TURNS; turn++) {
            JsonNode message = JSON.readTree(client.post("/v1/chat/completions", request.toString()))
                    .at("/choices/0/message");
            if (!message.path("tool_calls").isArray()) {
                return;
            }
            messages.add(message);
            for (JsonNode call : message.path("tool_calls")) {
                String result = client.post("/api/tools/" + TOOL, arguments);
                messages.addObject().put("role", "tool").put("tool_call_id", call.path("id").asText())
                        .put("content", result);
            }
        }
    }

    private static double stepP50(List<JsonNode> plans, String name) {
        List<Double> durations = new ArrayList<>();
        plans.forEach(steps -> steps.forEach(s -> {
            if (name.equals(s.path("name").asText())) {
                durations.add(s.path("duration_ms").asDouble());
            }
        }));
        return Percentiles.middle(durations.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Plain HTTP/1.1 to Tandem; a status other than 200 ends the benchmark. */
    private record Client(int port, HttpClient http) {

        Client(int port) {
            this(port, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
        }

        String get(String path) throws Exception {
            return checked(http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString()));
        }

        String post(String path, String body) throws Exception {
            return checked(http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }

        private URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        private static String checked(HttpResponse<String> response) {
            if (response.statusCode() != 200) {
                throw new IllegalStateException(response.uri() + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        }
    }
}
