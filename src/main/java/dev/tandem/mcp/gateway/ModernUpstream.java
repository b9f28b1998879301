package dev.tandem.mcp.gateway;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * A 2026-07-28 upstream under the MCP Java SDK client, so that it is run, guarded, counted and listed as every other
 * upstream is. The SDK client speaks the 2025 protocol into this transport; what it sends becomes stateless POSTs:
 * <ul>
 * <li>its {@code initialize} is answered from the server's {@code server/discover} (the probe made at connect), and
 * its capabilities and client info go into the {@code _meta} of every request from then on;</li>
 * <li>a result that comes back {@code input_required} is not passed on: its elicitations are asked of the SDK client
 * as the server requests they were in 2025 (so they reach the caller of the tool call, or are declined when it cannot
 * answer), then the request is sent again with the answers and the server's {@code requestState}, for at most the
 * server's {@code maxRounds} rounds;</li>
 * <li>{@code subscriptions/listen} brings the server's list changes, as the notifications the SDK client knows;</li>
 * <li>a listing whose {@code ttlMs} ran out is listed again when next used ({@link ListFreshness});</li>
 * <li>the tools' {@code x-mcp-header} arguments travel as headers, and a tool whose marks are invalid is not listed
 * ({@link ParamHeaders});</li>
 * <li>closing it closes the streams of the requests in flight, which is how this revision cancels.</li>
 * </ul>
 */
final class ModernUpstream implements McpClientTransport {

    private static final Logger LOG = LoggerFactory.getLogger(ModernUpstream.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Methods the revision removed: the SDK client is told so rather than the server asked. */
    private static final List<String> REMOVED = List.of(McpSchema.METHOD_PING, McpSchema.METHOD_LOGGING_SET_LEVEL,
            McpSchema.METHOD_RESOURCES_SUBSCRIBE, McpSchema.METHOD_RESOURCES_UNSUBSCRIBE);

    private final UpstreamSettings settings;
    private final UpstreamRuntime runtime;
    private final HttpClient http;
    private final ModernRequests requests;
    private final JsonNode discovered;
    private final ListFreshness freshness = new ListFreshness(() -> System.nanoTime() / 1_000_000);
    private final AtomicLong ids = new AtomicLong();
    /** The exchange of each SDK request in flight, by the SDK's id: closed when the connection is. */
    private final Map<Object, ModernExchange> inFlight = new ConcurrentHashMap<>();
    /** Questions asked of the SDK client on behalf of the server, by the id they were asked under. */
    private final Map<String, CompletableFuture<JsonNode>> asked = new ConcurrentHashMap<>();
    /** The {@code x-mcp-header} arguments of each listed tool. */
    private final Map<String, ParamHeaders> paramHeaders = new ConcurrentHashMap<>();
    private final AtomicInteger listenFailures = new AtomicInteger();
    private volatile Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler;
    private volatile ObjectNode meta = ModernRequests.meta(null, null);
    private volatile ModernExchange listening;
    private volatile boolean closed;

    /** {@code discovered} is the server's {@code server/discover} result. */
    ModernUpstream(UpstreamSettings settings, UpstreamRuntime runtime, HttpClient http, JsonNode discovered) {
        this.settings = settings;
        this.runtime = runtime;
        this.http = http;
        this.requests = new ModernRequests(settings.url(), settings.headers(), settings.timeout());
        this.discovered = discovered;
    }

    /**
     * The HTTP client of one upstream: HTTP/1.1, answers handled on the thread that read them (what is done with
     * them there does not block: elicitations are asked on Camel's upstream pool).
     */
    static HttpClient client(UpstreamSettings settings) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.timeout())
                .executor(UpstreamTransports.ON_READING_THREAD).build();
    }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        this.handler = handler;
        return Mono.empty();
    }

    @Override
    public List<String> protocolVersions() {
        return List.of(UpstreamProtocol.MODERN);
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        if (message instanceof McpSchema.JSONRPCRequest request) {
            return request(request);
        }
        if (message instanceof McpSchema.JSONRPCResponse response) {
            answered(response);
        } else if (message instanceof McpSchema.JSONRPCNotification notification) {
            notified(notification);
        }
        return Mono.empty();
    }

    private Mono<Void> request(McpSchema.JSONRPCRequest request) {
        if (closed) {
            return Mono.error(new IllegalStateException("the connection was closed"));
        }
        if (McpSchema.METHOD_INITIALIZE.equals(request.method())) {
            initialize(request);
            return Mono.empty();
        }
        if (REMOVED.contains(request.method())) {
            runtime.workers().execute(() -> deliver(McpSchema.JSONRPCResponse.error(request.id(),
                    new McpSchema.JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.METHOD_NOT_FOUND,
                            request.method() + " does not exist in MCP " + UpstreamProtocol.MODERN))));
            return Mono.empty();
        }
        ObjectNode params = request.params() == null ? JSON.createObjectNode()
                : JSON.valueToTree(request.params());
        return Mono.fromFuture(() -> round(request, params, 1)).doOnNext(this::deliver).then();
    }

    /** The handshake the SDK client expects, answered from the server's {@code server/discover}. */
    private void initialize(McpSchema.JSONRPCRequest request) {
        JsonNode params = JSON.valueToTree(request.params());
        meta = ModernRequests.meta(params.get("capabilities"), params.get("clientInfo"));
        ObjectNode result = JSON.createObjectNode().put("protocolVersion", UpstreamProtocol.MODERN);
        result.set("capabilities", discovered.path("capabilities").isObject() ? discovered.get("capabilities")
                : JSON.createObjectNode());
        JsonNode serverInfo = discovered.path("_meta").path(ModernRequests.SERVER_INFO);
        result.set("serverInfo", serverInfo.isObject() ? serverInfo : discovered.path("serverInfo"));
        if (discovered.path("instructions").isTextual()) {
            result.set("instructions", discovered.get("instructions"));
        }
        runtime.workers().execute(() -> deliver(McpSchema.JSONRPCResponse.result(request.id(), map(result))));
    }

    /**
     * One round of a request: sent under a new id, its answer delivered as it is, unless it asks for input: then the
     * questions are asked and the request sent again with the answers.
     */
    private CompletableFuture<McpSchema.JSONRPCResponse> round(McpSchema.JSONRPCRequest request, ObjectNode params,
            int round) {
        String id = settings.name() + "-" + ids.incrementAndGet();
        ModernExchange exchange = ModernExchange.send(http, requests.post(id, request.method(), params, meta,
                mirrored(request.method(), params)), id, this::relay);
        inFlight.put(request.id(), exchange);
        return exchange.response().thenCompose(message -> {
            JsonNode result = message.get("result");
            if (result == null || !"input_required".equals(result.path("resultType").asText())) {
                return CompletableFuture.completedFuture(answer(request, message));
            }
            if (round > settings.maxRounds()) {
                return CompletableFuture.completedFuture(refusal(request, "The MCP server " + settings.name()
                        + " still asked for input after " + settings.maxRounds() + " rounds; the call was stopped."));
            }
            return inputs(request, result.path("inputRequests")).thenCompose(responses -> responses == null
                    ? CompletableFuture.completedFuture(refusal(request, "The MCP server " + settings.name()
                            + " asked for input other than elicitation, which Tandem does not offer upstream."))
                    : round(request, retry(params, responses, result.get("requestState")), round + 1));
        }).whenComplete((done, error) -> inFlight.remove(request.id(), exchange));
    }

    /** The original params again, with this round's answers and the server's state (echoed exactly, or none). */
    private static ObjectNode retry(ObjectNode params, ObjectNode responses, JsonNode requestState) {
        ObjectNode retried = params.deepCopy();
        retried.set("inputResponses", responses);
        if (requestState != null && requestState.isTextual()) {
            retried.set("requestState", requestState);
        } else {
            retried.remove("requestState");
        }
        return retried;
    }

    /**
     * Asks the SDK client each elicitation, one after the other (one person answers them); completes with the
     * answers by key, or with {@code null} when the server asked for something else (sampling, roots), which Tandem
     * never declares upstream.
     */
    private CompletableFuture<ObjectNode> inputs(McpSchema.JSONRPCRequest request, JsonNode inputRequests) {
        CompletableFuture<ObjectNode> answers = CompletableFuture.completedFuture(JSON.createObjectNode());
        Iterator<Map.Entry<String, JsonNode>> each = inputRequests.fields();
        while (each.hasNext()) {
            Map.Entry<String, JsonNode> input = each.next();
            if (!McpSchema.METHOD_ELICITATION_CREATE.equals(input.getValue().path("method").asText())) {
                return CompletableFuture.completedFuture(null);
            }
            answers = answers.thenCompose(so -> ask(input.getValue().path("params")).thenApply(answer -> {
                so.set(input.getKey(), answer);
                return so;
            }));
        }
        return answers;
    }

    /** One elicitation, sent to the SDK client as a 2025 server request; an answer it cannot give is a cancel. */
    private CompletableFuture<JsonNode> ask(JsonNode params) {
        String id = settings.name() + "-ask-" + ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        asked.put(id, answer);
        // the SDK client answers on its own thread; a person may take minutes
        runtime.workers().execute(() -> deliver(new McpSchema.JSONRPCRequest(McpSchema.METHOD_ELICITATION_CREATE,
                id, map(params))));
        return answer.exceptionally(error -> JSON.createObjectNode().put("action", "cancel"));
    }

    private void answered(McpSchema.JSONRPCResponse response) {
        CompletableFuture<JsonNode> answer = asked.remove(String.valueOf(response.id()));
        if (answer == null) {
            return;
        }
        if (response.error() != null) {
            answer.completeExceptionally(new IllegalStateException(response.error().message()));
        } else {
            answer.complete(JSON.valueToTree(response.result()));
        }
    }

    private void notified(McpSchema.JSONRPCNotification notification) {
        if (McpSchema.METHOD_NOTIFICATION_INITIALIZED.equals(notification.method())) {
            listen();
        }
        // the revision has no client notifications over HTTP: cancelling is closing the stream, which close() does
    }

    /**
     * The server's answer, under the SDK's id: a listing is checked for invalid {@code x-mcp-header} marks and
     * starts its freshness; a use of a stale listing has it listed again.
     */
    private McpSchema.JSONRPCResponse answer(McpSchema.JSONRPCRequest request, JsonNode message) {
        JsonNode error = message.get("error");
        if (error != null && !error.isNull()) {
            return McpSchema.JSONRPCResponse.error(request.id(), new McpSchema.JSONRPCResponse.JSONRPCError(
                    error.path("code").asInt(McpSchema.ErrorCodes.INTERNAL_ERROR), error.path("message").asText(),
                    error.has("data") ? map(error.get("data")) : null));
        }
        JsonNode result = message.get("result");
        if (McpSchema.METHOD_TOOLS_LIST.equals(request.method()) && result.path("tools").isArray()) {
            ((ObjectNode) result).set("tools", checked((ArrayNode) result.get("tools")));
        }
        freshness.listed(request.method(), result);
        freshness.staleAfter(request.method()).ifPresent(kind -> runtime.workers().execute(() -> deliver(
                new McpSchema.JSONRPCNotification("notifications/" + kind + "/list_changed", null))));
        return McpSchema.JSONRPCResponse.result(request.id(), map(result));
    }

    private ArrayNode checked(ArrayNode tools) {
        ArrayNode valid = JSON.createArrayNode();
        for (JsonNode tool : tools) {
            try {
                paramHeaders.put(tool.path("name").asText(), ParamHeaders.of(tool.get("inputSchema")));
                valid.add(tool);
            } catch (ParamHeaders.InvalidMark e) {
                LOG.warn("MCP server {}: the tool {} is not offered: {}", settings.name(),
                        tool.path("name").asText(), e.getMessage());
            }
        }
        return valid;
    }

    private Map<String, String> mirrored(String method, ObjectNode params) {
        ParamHeaders marks = McpSchema.METHOD_TOOLS_CALL.equals(method) ? paramHeaders.get(params.path("name")
                .asText()) : null;
        return marks == null ? Map.of() : marks.headers(params.get("arguments"));
    }

    /** A call the server cannot finish: a tool error for a tool call, a JSON-RPC error otherwise. */
    private static McpSchema.JSONRPCResponse refusal(McpSchema.JSONRPCRequest request, String message) {
        if (McpSchema.METHOD_TOOLS_CALL.equals(request.method())) {
            return McpSchema.JSONRPCResponse.result(request.id(), Map.of("isError", true, "content", List.of(Map.of(
                    "type", "text", "text", message))));
        }
        return McpSchema.JSONRPCResponse.error(request.id(), new McpSchema.JSONRPCResponse.JSONRPCError(
                McpSchema.ErrorCodes.INTERNAL_ERROR, message));
    }

    /** Notifications about a request (progress, log messages) and list changes go to the SDK client as they come. */
    private void relay(JsonNode notification) {
        deliver(new McpSchema.JSONRPCNotification(notification.path("method").asText(),
                notification.has("params") ? map(notification.get("params")) : null));
    }

    /**
     * Opens {@code subscriptions/listen} for the list changes the server declares; when the stream ends, it is
     * opened again with back-off, and once acknowledged again the listings are fetched anew (changes made while it
     * was down were not heard).
     */
    private void listen() {
        ObjectNode filter = JSON.createObjectNode();
        for (String kind : List.of("tools", "prompts", "resources")) {
            if (discovered.path("capabilities").path(kind).path("listChanged").asBoolean(false)) {
                filter.put(kind + "ListChanged", true);
            }
        }
        if (filter.isEmpty() || closed) {
            return;
        }
        boolean again = listenFailures.get() > 0;
        String id = settings.name() + "-listen-" + ids.incrementAndGet();
        ObjectNode params = JSON.createObjectNode();
        params.set("notifications", filter);
        ModernExchange exchange = ModernExchange.send(http, requests.post(id, "subscriptions/listen", params, meta,
                Map.of()), id, notification -> {
                    if ("notifications/subscriptions/acknowledged".equals(notification.path("method").asText())) {
                        listenFailures.set(0);
                        if (again) {
                            filter.fieldNames().forEachRemaining(kind -> relay(JSON.createObjectNode().put("method",
                                    "notifications/" + kind.replace("ListChanged", "") + "/list_changed")));
                        }
                    } else {
                        relay(notification);
                    }
                });
        listening = exchange;
        exchange.response().whenComplete((ended, error) -> {
            if (closed || error instanceof CancellationException) {
                return;
            }
            Duration wait = runtime.backOff(listenFailures.incrementAndGet());
            LOG.debug("MCP server {}: its subscriptions/listen stream ended; opened again in {} ms", settings.name(),
                    wait.toMillis());
            try {
                runtime.timers().schedule(() -> runtime.workers().execute(this::listen), wait.toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // Tandem is stopping: nothing is listened to any more
            }
        });
    }

    private void deliver(McpSchema.JSONRPCMessage message) {
        if (closed) {
            return;
        }
        handler.apply(Mono.just(message)).subscribe(ignored -> {
        }, error -> LOG.debug("The MCP client of {} did not take a message", settings.name(), error));
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(this::close);
    }

    @Override
    public void close() {
        closed = true;
        ModernExchange listen = listening;
        if (listen != null) {
            listen.cancel();
        }
        inFlight.values().forEach(ModernExchange::cancel);
        asked.values().forEach(answer -> answer.cancel(true));
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
        return runtime.json().convertValue(data, type);
    }

    private static Object map(JsonNode node) {
        return JSON.convertValue(node, Object.class);
    }
}
