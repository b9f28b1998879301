package dev.tandem.mcp.modern;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.http.Caller;
import dev.tandem.mcp.HttpReply;
import dev.tandem.mcp.RequestParams;
import dev.tandem.mcp.StreamableHttpTransport;
import dev.tandem.mcp.gateway.ParamHeaders;
import dev.tandem.tool.Resumption;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.modelcontextprotocol.spec.McpStreamableServerSession;

/**
 * MCP 2026-07-28 on {@code POST /mcp}: every request stands alone, so nothing of it is kept here and any replica
 * serves any request. Listings come from the server's own registries with cache hints; calls run the server's own
 * handlers ({@link StatelessCall}); a handler that asks the client something answers {@code input_required} with the
 * state of the call sealed by {@link RequestStateCodec}, which the retry brings back to whichever replica it reaches.
 */
public final class ModernEndpoint {

    private static final Set<String> CALLS = Set.of(McpSchema.METHOD_TOOLS_CALL, McpSchema.METHOD_PROMPT_GET,
            McpSchema.METHOD_RESOURCES_READ, McpSchema.METHOD_COMPLETION_COMPLETE);
    /** The only requests whose result may be {@code input_required}. */
    private static final Set<String> MULTI_ROUND = Set.of(McpSchema.METHOD_TOOLS_CALL, McpSchema.METHOD_PROMPT_GET,
            McpSchema.METHOD_RESOURCES_READ);
    private static final String SERVER_INFO = "io.modelcontextprotocol/serverInfo";
    private static final ObjectMapper MARKS = new ObjectMapper();
    private static final TypeRef<Map<String, Object>> MAP = new TypeRef<>() {
    };

    private final McpJsonMapper json;
    private final McpSyncServer server;
    private final StreamableHttpTransport sessions;
    private final RequestStateCodec states;
    private final ListenStreams listens;
    private final Duration listTtl;
    private final int pageSize;
    private final String instructions;

    ModernEndpoint(McpJsonMapper json, McpSyncServer server, StreamableHttpTransport sessions,
            RequestStateCodec states, ListenStreams listens, Duration listTtl, int pageSize, String instructions) {
        this.json = json;
        this.server = server;
        this.sessions = sessions;
        this.states = states;
        this.listens = listens;
        this.listTtl = listTtl;
        this.pageSize = pageSize;
        this.instructions = instructions;
    }

    /** One JSON-RPC message whose era is modern; {@code headers} reads the request's headers by name. */
    void post(Map<?, ?> message, Function<String, String> headers, HttpReply reply) {
        if (!message.containsKey("id")) {
            reply.status(202, Map.of()); // this revision defines no notification from client to server over HTTP
            return;
        }
        Object id = message.get("id");
        try {
            ModernRequest request = ModernRequest.of(message, headers);
            checkParamHeaders(request, headers);
            String accept = headers.apply("Accept");
            answer(request, headers.apply(Caller.HEADER), accept != null && accept.contains("text/event-stream"),
                    reply);
        } catch (ModernError e) {
            reply.json(e.status(), e.body(id), Map.of());
        }
    }

    /** A tool call's {@code Mcp-Param-*} headers against the arguments its tool marks (400, -32020). */
    private void checkParamHeaders(ModernRequest request, Function<String, String> headers) throws ModernError {
        if (!McpSchema.METHOD_TOOLS_CALL.equals(request.method())) {
            return;
        }
        Object name = request.params().get("name");
        Optional<McpSchema.Tool> tool = server.listTools().stream().filter(t -> t.name().equals(name)).findFirst();
        if (tool.isEmpty()) {
            return; // the call itself says the tool is unknown
        }
        ParamHeaders marks;
        try {
            marks = ParamHeaders.of(MARKS.valueToTree(tool.get().inputSchema()));
        } catch (ParamHeaders.InvalidMark e) {
            return; // clients leave such a tool out; one that calls it anyway has no valid header to send
        }
        Optional<String> mismatch = RequestHeaders.paramMismatch(headers, marks,
                MARKS.valueToTree(request.params().get("arguments")));
        if (mismatch.isPresent()) {
            throw new ModernError(400, ModernError.HEADER_MISMATCH, mismatch.get());
        }
    }

    private void answer(ModernRequest request, String caller, boolean events, HttpReply reply) throws ModernError {
        Map<String, Object> cacheable = new LinkedHashMap<>(Map.of("ttlMs", listTtl.toMillis(),
                "cacheScope", "public"));
        switch (request.method()) {
            case "server/discover" -> complete(request, reply, discover(), cacheable);
            case McpSchema.METHOD_TOOLS_LIST -> complete(request, reply, tools(request), cacheable);
            case "subscriptions/listen" -> {
                if (!(request.params().get("notifications") instanceof Map<?, ?> filter)) {
                    throw new ModernError(200, ErrorCodes.INVALID_PARAMS, "subscriptions/listen needs"
                            + " params.notifications, the changes to hear of, e.g. {\"toolsListChanged\": true}.");
                }
                listens.listen(request.id(), filter, reply);
            }
            case McpSchema.METHOD_PROMPT_LIST -> complete(request, reply,
                    Map.of("prompts", server.listPrompts()), cacheable);
            case McpSchema.METHOD_RESOURCES_LIST -> complete(request, reply,
                    Map.of("resources", server.listResources()), cacheable);
            case McpSchema.METHOD_RESOURCES_TEMPLATES_LIST -> complete(request, reply,
                    Map.of("resourceTemplates", server.listResourceTemplates()), cacheable);
            default -> {
                if (!CALLS.contains(request.method())) {
                    throw new ModernError(404, ErrorCodes.METHOD_NOT_FOUND, "Method not found: " + request.method()
                            + ". Without a session Tandem serves server/discover, subscriptions/listen, tools/list,"
                            + " tools/call, resources/list, resources/templates/list, resources/read, prompts/list,"
                            + " prompts/get and completion/complete.");
                }
                call(request, caller, events, reply);
            }
        }
    }

    private void call(ModernRequest request, String caller, boolean events, HttpReply reply) throws ModernError {
        Optional<String> problem = RequestParams.problem(new McpSchema.JSONRPCRequest(McpSchema.JSONRPC_VERSION,
                request.method(), request.id(), request.params()));
        if (problem.isPresent()) {
            throw new ModernError(200, ErrorCodes.INVALID_PARAMS, problem.get());
        }
        String principal = caller == null ? "anonymous" : caller;
        RequestState earlier = earlier(request, principal);
        InputRounds rounds = earlier == null ? new InputRounds(Map.of())
                : InputRounds.of(earlier.answers(), earlier.asked(), request.inputResponses());
        Resumption resumption = new Resumption(earlier == null ? null : earlier.resumption());
        McpStreamableServerSession session = sessions.detachedSession(new McpSchema.InitializeRequest(
                Era.MODERN_VERSION, request.capabilities(), request.clientInfo()));
        if (request.logLevel() != null) {
            session.setMinLoggingLevel(request.logLevel());
        }
        StatelessCall call = new StatelessCall(json, reply, events, request.logLevel() != null, rounds, request.id());
        McpSchema.JSONRPCResponse response = call.run(session, new McpSchema.JSONRPCRequest(McpSchema.JSONRPC_VERSION,
                request.method(), request.id(), request.params()), context(caller, resumption));
        if (!rounds.asked().isEmpty() && MULTI_ROUND.contains(request.method())) {
            Map<String, Object> inputRequests = new LinkedHashMap<>();
            rounds.asked().forEach((key, question) -> inputRequests.put(key, Map.of("method", question.method(),
                    "params", question.params())));
            String state = states.seal(new RequestState(principal, request.method(), request.subject(),
                    request.digest(), states.expiry(), asked(rounds), rounds.answers(), resumption.kept()
                    .orElse(null)));
            send(call.streaming(), reply, 200, Map.of("jsonrpc", McpSchema.JSONRPC_VERSION, "id", request.id(),
                    "result", result("input_required", Map.of("inputRequests", inputRequests, "requestState",
                            state), Map.of())));
        } else if (response == null || response.error() != null) {
            McpSchema.JSONRPCResponse.JSONRPCError error = response == null ? new McpSchema.JSONRPCResponse
                    .JSONRPCError(ErrorCodes.INTERNAL_ERROR, "The request ended without an answer.", null)
                    : response.error();
            // -32002 (resource not found) is gone from this revision: an unknown resource is an invalid parameter
            int code = error.code() == ErrorCodes.RESOURCE_NOT_FOUND ? ErrorCodes.INVALID_PARAMS : error.code();
            int status = code == ModernError.MISSING_CAPABILITY ? 400 : 200;
            send(call.streaming(), reply, status, new ModernError(status, code, error.message(), error.data())
                    .body(request.id()));
        } else {
            Map<String, Object> hints = McpSchema.METHOD_RESOURCES_READ.equals(request.method())
                    ? Map.of("ttlMs", 0, "cacheScope", "private") : Map.of();
            send(call.streaming(), reply, 200, Map.of("jsonrpc", McpSchema.JSONRPC_VERSION, "id", request.id(),
                    "result", result("complete", json.convertValue(response.result(), MAP), hints)));
        }
    }

    private static Map<String, String> asked(InputRounds rounds) {
        Map<String, String> asked = new LinkedHashMap<>();
        rounds.asked().forEach((key, question) -> asked.put(key, question.method()));
        return asked;
    }

    /** What the handler sees of the request beyond its parameters: the caller, and where it may resume. */
    private static McpTransportContext context(String caller, Resumption resumption) {
        Map<String, Object> context = new LinkedHashMap<>(Map.of(Resumption.CONTEXT_KEY, resumption));
        if (caller != null) {
            context.put(Caller.HEADER, caller);
        }
        return McpTransportContext.create(context);
    }

    /** The state of the earlier rounds, when the request brings one: only for this caller and this very call. */
    private RequestState earlier(ModernRequest request, String principal) throws ModernError {
        if (request.requestState() == null) {
            return null;
        }
        RequestState state;
        try {
            state = states.open(request.requestState());
        } catch (RequestStateCodec.InvalidStateException e) {
            throw new ModernError(200, ErrorCodes.INVALID_PARAMS, e.getMessage());
        }
        if (!state.belongsTo(principal, request.method(), request.subject(), request.digest())) {
            throw new ModernError(200, ErrorCodes.INVALID_PARAMS, "The requestState belongs to another call (another"
                    + " caller, method, name or arguments): call again without requestState and inputResponses.");
        }
        return state;
    }

    private Map<String, Object> discover() {
        Map<String, Object> discovered = new LinkedHashMap<>();
        discovered.put("supportedVersions", ModernRequest.SUPPORTED);
        // list changes go out on subscriptions/listen; no subscribe: Tandem never tells of a resource's update
        Map<String, Object> listChanged = Map.of("listChanged", true);
        discovered.put("capabilities", Map.of("tools", listChanged, "resources", listChanged, "prompts", listChanged,
                "completions", Map.of()));
        discovered.put("instructions", instructions);
        return discovered;
    }

    private Map<String, Object> tools(ModernRequest request) throws ModernError {
        Object cursor = request.params().get("cursor");
        try {
            NamePages.Page page = NamePages.page(server.listTools(), cursor == null ? null : cursor.toString(),
                    pageSize);
            Map<String, Object> listed = new LinkedHashMap<>();
            listed.put("tools", page.tools());
            if (page.nextCursor() != null) {
                listed.put("nextCursor", page.nextCursor());
            }
            return listed;
        } catch (IllegalArgumentException e) {
            throw new ModernError(200, ErrorCodes.INVALID_PARAMS, "Invalid cursor: list again without one, then"
                    + " follow nextCursor.");
        }
    }

    private void complete(ModernRequest request, HttpReply reply, Map<String, ?> body,
            Map<String, Object> hints) {
        send(false, reply, 200, Map.of("jsonrpc", McpSchema.JSONRPC_VERSION, "id", request.id(),
                "result", result("complete", json.convertValue(body, MAP), hints)));
    }

    /** A result as this revision has it: its type, the cache hints when it has some, and who answered. */
    private Map<String, Object> result(String type, Map<String, Object> body, Map<String, Object> hints) {
        Map<String, Object> result = new LinkedHashMap<>(body);
        result.put("resultType", type);
        result.putAll(hints);
        Map<String, Object> meta = result.get("_meta") instanceof Map<?, ?> m ? new LinkedHashMap<>(json
                .convertValue(m, MAP)) : new LinkedHashMap<>();
        meta.put(SERVER_INFO, Map.of("name", server.getServerInfo().name(), "version",
                server.getServerInfo().version()));
        result.put("_meta", meta);
        return result;
    }

    /** The answer, as the last event when notifications went first (the status was sent then), else as JSON. */
    private static void send(boolean streaming, HttpReply reply, int status, Object message) {
        if (streaming) {
            reply.event(null, message);
            reply.end();
        } else {
            reply.json(status, message, Map.of());
        }
    }
}
