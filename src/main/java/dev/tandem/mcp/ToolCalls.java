package dev.tandem.mcp;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.config.Secrets;
import dev.tandem.http.ApiException;
import dev.tandem.http.Caller;
import dev.tandem.http.InvalidRequestException;
import dev.tandem.http.Scope;
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

    private final ToolCatalog catalog;
    private final ProducerTemplate producer;
    private final JsonSchemaValidator validator;

    public ToolCalls(ToolCatalog catalog, ProducerTemplate producer, JsonSchemaValidator validator) {
        this.catalog = catalog;
        this.producer = producer;
        this.validator = validator;
    }

    public ToolCatalog catalog() {
        return catalog;
    }

    /** MCP: failures the caller can fix come back as a tool result with {@code isError}, as the spec asks. */
    public McpSchema.CallToolResult callForMcp(McpSyncServerExchange mcp, McpSchema.CallToolRequest request) {
        ToolDescriptor tool = catalog.find(request.name()).orElseThrow(() -> McpError.builder(
                McpSchema.ErrorCodes.INVALID_PARAMS).message("Unknown tool: " + request.name()).build());
        Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
        Optional<String> refusal = mcp == null ? Optional.empty()
                : refusal(tool, RequestStream.caller(mcp.transportContext()));
        if (refusal.isPresent()) {
            return McpSchema.CallToolResult.builder().isError(true).addTextContent(refusal.get()).build();
        }
        try {
            Object result = run(tool, arguments, mcp, request.progressToken());
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
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
        String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        ToolDescriptor tool = catalog.find(name).orElseThrow(() -> new ApiException(404, "invalid_request_error",
                "tool_not_found", "There is no tool '" + name + "': GET /api/tools lists them."));
        Optional<String> refusal = refusal(tool, Caller.fromHeader(exchange.getMessage().getHeader(Caller.HEADER,
                String.class)));
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
        Object result;
        try {
            result = run(tool, arguments, null, null);
        } catch (ToolException e) {
            throw new ApiException(e.status(), "invalid_request_error", "tool_error", Secrets.maskText(e.getMessage()));
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(JSON.writeValueAsString(result instanceof String s ? Map.of("text", s) : result));
    }

    /** A tool that changes something needs the caller's {@code write-tools} scope; a call from inside Tandem has none. */
    private static Optional<String> refusal(ToolDescriptor tool, Optional<Caller> caller) {
        if (tool.readOnly() || caller.isEmpty() || caller.get().may(Scope.WRITE_TOOLS)) {
            return Optional.empty();
        }
        return Optional.of("The API key '" + caller.get().name() + "' may not call " + tool.name() + ": it changes"
                + " something, which needs the scope 'write-tools'.");
    }

    /** {@code GET /api/tools}: the served tools with their schemas and annotations. */
    public void list(Exchange exchange) throws JsonProcessingException {
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(JSON.writeValueAsString(Map.of("tools", catalog.all())));
    }

    private Object run(ToolDescriptor tool, Map<String, Object> arguments, McpSyncServerExchange mcp,
            Object progressToken) {
        JsonSchemaValidator.ValidationResponse validation = validator.validate(tool.inputSchema(), arguments);
        if (!validation.valid()) {
            throw new InvalidRequestException("Invalid arguments for " + tool.name() + ": "
                    + validation.errorMessage());
        }
        try {
            Map<String, Object> headers = new HashMap<>();
            headers.put(ToolHeaders.MCP_EXCHANGE, mcp);
            headers.put(ToolHeaders.PROGRESS_TOKEN, progressToken);
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

    private static McpSchema.CallToolResult success(Object result) {
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
