package dev.tandem.mcp;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.tandem.config.Secrets;
import dev.tandem.mcp.gateway.McpGateway;
import dev.tandem.mcp.gateway.ProxiedPrompt;
import dev.tandem.mcp.gateway.ProxiedResource;
import dev.tandem.mcp.gateway.ProxiedTool;
import dev.tandem.mcp.gateway.UpstreamUnavailableException;
import dev.tandem.tool.InputRequiredSignal;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * Keeps the upstream tools, prompts and resources of the {@link McpGateway} in Tandem's MCP server: each change of the
 * gateway's catalogue adds and removes them there, and every client is told once the change is whole
 * ({@code notifications/tools/list_changed} and the like). Prompts and resources are read from their owner. A call
 * goes to the tool's upstream, with its progress notifications relayed back to the caller, and ends when its caller
 * cancels it; one that cannot reach it is a tool result with {@code isError} saying why.
 */
final class GatewayTools {

    private final McpSyncServer server;
    private final StreamableHttpTransport transport;
    private final McpGateway gateway;
    private Map<String, McpSchema.Tool> published = Map.of();
    private Map<String, McpSchema.Prompt> publishedPrompts = Map.of();
    private Map<String, McpSchema.Resource> publishedResources = Map.of();

    GatewayTools(McpSyncServer server, StreamableHttpTransport transport, McpGateway gateway) {
        this.server = server;
        this.transport = transport;
        this.gateway = gateway;
    }

    /** Brings the server's lists to the gateway's catalogue, telling clients of each list that changed once. */
    synchronized void publish() {
        transport.inOneChange(() -> {
            publishTools();
            publishPrompts();
            publishResources();
        });
    }

    private void publishTools() {
        Map<String, McpSchema.Tool> wanted = gateway.tools().stream().collect(Collectors.toMap(ProxiedTool::name,
                ProxiedTool::tool));
        published.forEach((name, tool) -> {
            if (!tool.equals(wanted.get(name))) {
                server.removeTool(name);
            }
        });
        wanted.forEach((name, tool) -> {
            if (!tool.equals(published.get(name))) {
                server.addTool(McpServerFeatures.SyncToolSpecification.builder().tool(tool).callHandler(this::call)
                        .build());
            }
        });
        published = Map.copyOf(wanted);
    }

    private void publishPrompts() {
        Map<String, McpSchema.Prompt> wanted = gateway.prompts().stream().collect(Collectors.toMap(
                ProxiedPrompt::name, ProxiedPrompt::prompt));
        publishedPrompts.forEach((name, prompt) -> {
            if (!prompt.equals(wanted.get(name))) {
                server.removePrompt(name);
            }
        });
        wanted.forEach((name, prompt) -> {
            if (!prompt.equals(publishedPrompts.get(name))) {
                server.addPrompt(new McpServerFeatures.SyncPromptSpecification(prompt, (exchange, request) -> owned(
                        exchange, () -> gateway.getPrompt(request.name(), request.arguments() == null ? Map.of()
                                : request.arguments()))));
            }
        });
        publishedPrompts = Map.copyOf(wanted);
    }

    private void publishResources() {
        Map<String, McpSchema.Resource> wanted = gateway.resources().stream().collect(Collectors.toMap(
                ProxiedResource::uri, ProxiedResource::resource));
        publishedResources.forEach((uri, resource) -> {
            if (!resource.equals(wanted.get(uri))) {
                server.removeResource(uri);
            }
        });
        wanted.forEach((uri, resource) -> {
            if (!resource.equals(publishedResources.get(uri))) {
                server.addResource(new McpServerFeatures.SyncResourceSpecification(resource, (exchange, request) ->
                        owned(exchange, () -> gateway.readResource(request.uri()))));
            }
        });
        publishedResources = Map.copyOf(wanted);
    }

    /**
     * A prompt or resource from its owner, ended (there too) when the client cancels its request; one its owner
     * cannot give now is a JSON-RPC error saying why, in words.
     */
    private static <T> T owned(McpSyncServerExchange exchange, Supplier<T> read) {
        try {
            return cancellable(exchange, read);
        } catch (UpstreamUnavailableException e) {
            throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR).message(Secrets.maskText(e.getMessage()))
                    .build();
        }
    }

    /**
     * The caller's answer to an upstream's question. A 2026-07-28 caller answers in a later request: its question is
     * recorded (the caller gets {@code input_required}), the upstream is told the user cancelled so that its call
     * ends now, and the call is made again with the answer, which the upstream's same question then gets at once.
     */
    private static McpSchema.ElicitResult elicit(McpSyncServerExchange exchange, McpSchema.ElicitRequest question) {
        try {
            return exchange.createElicitation(question);
        } catch (InputRequiredSignal asked) {
            return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.CANCEL, null);
        }
    }

    private McpSchema.CallToolResult call(McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
        ProxiedTool tool = gateway.find(request.name()).orElseThrow(() -> McpError.builder(
                McpSchema.ErrorCodes.INVALID_PARAMS).message("Unknown tool: " + request.name()).build());
        Optional<String> refusal = WriteScope.refusal(ToolCalls.descriptor(tool.tool()),
                RequestStream.caller(exchange.transportContext()));
        if (refusal.isPresent()) {
            return McpSchema.CallToolResult.builder().isError(true).addTextContent(refusal.get()).build();
        }
        Map<String, Object> meta = request.meta() == null ? null : new HashMap<>(request.meta());
        Object token = request.progressToken();
        Consumer<McpSchema.ProgressNotification> progress = token == null ? null : upstream -> exchange
                .progressNotification(new McpSchema.ProgressNotification(token, upstream.progress(),
                        upstream.total(), upstream.message()));
        try {
            McpSchema.ClientCapabilities client = exchange.getClientCapabilities();
            Function<McpSchema.ElicitRequest, McpSchema.ElicitResult> elicitor = client != null
                    && client.elicitation() != null ? question -> elicit(exchange, question) : null;
            Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
            return cancellable(exchange, () -> gateway.call(tool, arguments, meta, progress, elicitor));
        } catch (UpstreamUnavailableException e) {
            return McpSchema.CallToolResult.builder().isError(true).addTextContent(Secrets.maskText(e.getMessage()))
                    .build();
        }
    }

    /** A request the client cancels ends at once, and is cancelled at the upstream too. */
    private static <T> T cancellable(McpSyncServerExchange exchange, Supplier<T> work) {
        return RequestStream.of(exchange.transportContext()).map(stream -> stream.cancellable(work))
                .orElseGet(work);
    }
}
