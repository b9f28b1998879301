package dev.tandem.mcp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.config.Secrets;
import dev.tandem.http.ApiException;
import dev.tandem.http.Caller;
import dev.tandem.http.InvalidRequestException;
import dev.tandem.mcp.gateway.McpGateway;
import dev.tandem.mcp.gateway.ProxiedTool;
import dev.tandem.mcp.gateway.UpstreamUnavailableException;
import dev.tandem.tool.RecentToolCalls;
import dev.tandem.tool.ToolDescriptor;
import dev.tandem.tool.ToolException;
import dev.tandem.tool.ToolHeaders;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a tool's route, for MCP {@code tools/call} and for {@code POST /api/tools/<name>} alike: arguments
 * validated against the tool's input schema first, the route's body as the result. The MCP exchange travels in the
 * header {@link ToolHeaders#MCP_EXCHANGE} so a tool can log, report progress, or ask the client (sampling, elicitation).
 */
public final class ToolCalls {

    private static final Logger LOG = LoggerFactory.getLogger(ToolCalls.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where {@code POST /api/tools/<name>} calls a tool (the route {@code api-tools-call}). */
    private static final String TOOL_PATH = "/api/tools/";

    private final ToolCatalog catalog;
    private final ProducerTemplate producer;
    private final JsonSchemaValidator validator;
    private final McpGateway gateway;
    private final RecentToolCalls recent;

    public ToolCalls(ToolCatalog catalog, ProducerTemplate producer, JsonSchemaValidator validator,
            McpGateway gateway, RecentToolCalls recent) {
        this.catalog = catalog;
        this.producer = producer;
        this.validator = validator;
        this.gateway = gateway;
        this.recent = recent;
    }

    public ToolCatalog catalog() {
        return catalog;
    }

    McpGateway gateway() {
        return gateway;
    }

    /** MCP: failures the caller can fix come back as a tool result with {@code isError}, as the spec asks. */
    public McpSchema.CallToolResult callForMcp(McpSyncServerExchange mcp, McpSchema.CallToolRequest request) {
        ToolDescriptor tool = catalog.find(request.name()).orElseThrow(() -> McpError.builder(
                McpSchema.ErrorCodes.INVALID_PARAMS).message("Unknown tool: " + request.name()).build());
        Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
        Optional<String> refusal = mcp == null ? Optional.empty()
                : WriteScope.refusal(tool, RequestStream.caller(mcp.transportContext()));
        if (refusal.isPresent()) {
            return McpSchema.CallToolResult.builder().isError(true).addTextContent(refusal.get()).build();
        }
        try {
            Object result = run(tool, arguments, mcp, request.progressToken(),
                    mcp == null ? Optional.empty() : RequestStream.caller(mcp.transportContext()));
            return success(result);
        } catch (ToolException | InvalidRequestException e) {
            return McpSchema.CallToolResult.builder().isError(true).addTextContent(Secrets.maskText(e.getMessage()))
                    .build();
        } catch (RuntimeException e) {
            LOG.warn("Tool {} failed", tool.name(), e);
            return McpSchema.CallToolResult.builder().isError(true)
                    .addTextContent("The tool " + tool.name() + " failed; the server log has the details.").build();
        }
    }

    /** {@code POST /api/tools/<name>} with the arguments as a JSON object. */
    public void callOverHttp(Exchange exchange) throws JsonProcessingException {
        // the path after /api/tools/, whole: a path of more segments names no tool, though its last may be one
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
        String name = path != null && path.startsWith(TOOL_PATH) ? path.substring(TOOL_PATH.length()) : "";
        Optional<ToolDescriptor> own = catalog.find(name);
        Optional<ProxiedTool> proxied = own.isPresent() || gateway == null ? Optional.empty() : gateway.find(name);
        if (own.isEmpty() && proxied.isEmpty()) {
            throw new ApiException(404, "invalid_request_error", "tool_not_found", "There is no tool '" + name
                    + "': GET /api/tools lists them.");
        }
        Optional<Caller> caller = Caller.fromHeader(exchange.getMessage().getHeader(Caller.HEADER, String.class));
        Optional<String> refusal = WriteScope.refusal(own.orElseGet(() -> descriptor(proxied.get().tool())), caller);
        if (refusal.isPresent()) {
            throw new ApiException(403, "invalid_request_error", "insufficient_scope", refusal.get());
        }
        String body = exchange.getMessage().getBody(String.class);
        Object parsed = body == null || body.isBlank() ? Map.of() : JSON.readValue(body, Object.class);
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new InvalidRequestException("The body must be a JSON object with the tool's arguments.");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> arguments = (Map<String, Object>) map;
        if (proxied.isPresent()) {
            respond(exchange, callUpstream(proxied.get(), arguments));
            return;
        }
        ToolDescriptor tool = own.get();
        Object result;
        try {
            result = run(tool, arguments, null, null, caller);
        } catch (ToolException e) {
            throw new ApiException(e.status(), "invalid_request_error", "tool_error", Secrets.maskText(e.getMessage()));
        }
        respond(exchange, result instanceof String s ? Map.of("text", s) : result);
    }

    private static void respond(Exchange exchange, Object result) throws JsonProcessingException {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(JSON.writeValueAsString(result));
    }

    /**
     * An upstream tool over plain HTTP: its structured content, or its text as {@code {"text": ...}}, or its content
     * blocks; its error result is a 400, an upstream that is down 503, one that did not answer in time 504.
     */
    private Object callUpstream(ProxiedTool tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result;
        try {
            result = gateway.call(tool, arguments, null, null, null);
        } catch (UpstreamUnavailableException e) {
            throw new ApiException(e.timedOut() ? 504 : 503, "server_error", "upstream_unavailable",
                    Secrets.maskText(e.getMessage()));
        } catch (McpError e) {
            throw new ApiException(400, "invalid_request_error", "tool_error", Secrets.maskText(e.getMessage()));
        }
        List<McpSchema.Content> content = result.content() == null ? List.of() : result.content();
        boolean textOnly = content.stream().allMatch(c -> c instanceof McpSchema.TextContent);
        String text = content.stream().filter(c -> c instanceof McpSchema.TextContent)
                .map(c -> ((McpSchema.TextContent) c).text()).collect(Collectors.joining("\n"));
        if (Boolean.TRUE.equals(result.isError())) {
            throw new ApiException(400, "invalid_request_error", "tool_error", Secrets.maskText(text));
        }
        if (result.structuredContent() != null) {
            return result.structuredContent();
        }
        return textOnly ? Map.of("text", text) : Map.of("content", content);
    }

    /** {@code GET /api/tools}: the served tools, Tandem's own then the upstreams', with schemas and annotations. */
    public void list(Exchange exchange) throws JsonProcessingException {
        List<ToolDescriptor> tools = new ArrayList<>(catalog.all());
        if (gateway != null) {
            gateway.tools().forEach(t -> tools.add(descriptor(t.tool())));
        }
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(JSON.writeValueAsString(Map.of("tools", tools)));
    }

    static ToolDescriptor descriptor(McpSchema.Tool tool) {
        McpSchema.ToolAnnotations a = tool.annotations();
        return new ToolDescriptor(tool.name(), tool.title(), tool.description(), tool.inputSchema(),
                tool.outputSchema(), a == null ? null : new ToolDescriptor.Annotations(a.readOnlyHint(),
                        a.destructiveHint(), a.idempotentHint(), a.openWorldHint()));
    }

    /** Runs Tandem's own tool on its route; the caller travels in {@link Caller#HEADER} as on every HTTP route. */
    Object run(ToolDescriptor tool, Map<String, Object> arguments, McpSyncServerExchange mcp,
            Object progressToken, Optional<Caller> caller) {
        long start = System.nanoTime();
        String outcome = "failed";
        try {
            Object result = runRoute(tool, arguments, mcp, progressToken, caller);
            outcome = "ok";
            return result;
        } catch (ToolException | InvalidRequestException e) {
            outcome = "tool_error";
            throw e;
        } finally {
            recent.record(RecentToolCalls.TANDEM, tool.name(), outcome, (System.nanoTime() - start) / 1_000_000);
        }
    }

    private Object runRoute(ToolDescriptor tool, Map<String, Object> arguments, McpSyncServerExchange mcp,
            Object progressToken, Optional<Caller> caller) {
        JsonSchemaValidator.ValidationResponse validation = validator.validate(tool.inputSchema(), arguments);
        if (!validation.valid()) {
            throw new InvalidRequestException("Invalid arguments for " + tool.name() + ": "
                    + validation.errorMessage());
        }
        try {
            Map<String, Object> headers = new HashMap<>();
            headers.put(ToolHeaders.MCP_EXCHANGE, mcp);
            headers.put(ToolHeaders.PROGRESS_TOKEN, progressToken);
            caller.ifPresent(c -> headers.put(Caller.HEADER, c.header()));
            return producer.requestBodyAndHeaders(tool.endpoint(), arguments, headers);
        } catch (CamelExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ToolException t) {
                throw t;
            }
            if (cause instanceof InvalidRequestException || cause instanceof ApiException) {
                throw new ToolException(cause.getMessage());
            }
            throw e;
        }
    }

    /** Whether a value holds only maps with text keys, lists, text, numbers, booleans and nulls. */
    private static boolean plainJson(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return true;
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().allMatch(e -> e.getKey() instanceof String && plainJson(e.getValue()));
        }
        return value instanceof List<?> list && list.stream().allMatch(ToolCalls::plainJson);
    }

    static McpSchema.CallToolResult success(Object result) {
        if (result instanceof String text) {
            return McpSchema.CallToolResult.builder().addTextContent(text).build();
        }
        // an answer already made of JSON's own types goes out as it is; records and beans are converted once
        Map<?, ?> structured = result instanceof Map<?, ?> map && plainJson(map) ? map
                : JSON.convertValue(result, Map.class);
        String text;
        try {
            text = JSON.writeValueAsString(structured);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A tool result could not be written as JSON", e);
        }
        return McpSchema.CallToolResult.builder().structuredContent(structured).content(List.of(
                new McpSchema.TextContent(text))).build();
    }
}
