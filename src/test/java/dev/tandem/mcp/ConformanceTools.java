package dev.tandem.mcp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Content;

/** The tools the MCP conformance suite calls, with the names, arguments and answers its scenarios expect. */
final class ConformanceTools {

    /** A 1x1 PNG and a minimal WAV: the smallest content of each kind. */
    static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5E"
            + "rkJggg==";
    private static final String WAV = "UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQIAAAA=";
    private static final Map<String, Object> NO_ARGUMENTS = Map.of("type", "object", "properties", Map.of());

    private ConformanceTools() {
    }

    static List<SyncToolSpecification> all() {
        return List.of(
                tool("test_simple_text", "Answers with one text", NO_ARGUMENTS,
                        (exchange, request) -> answer(text("This is a simple text response for testing."))),
                tool("test_image_content", "Answers with an image", NO_ARGUMENTS,
                        (exchange, request) -> answer(new McpSchema.ImageContent(null, PNG, "image/png"))),
                tool("test_audio_content", "Answers with audio", NO_ARGUMENTS,
                        (exchange, request) -> answer(new McpSchema.AudioContent(null, WAV, "audio/wav"))),
                tool("test_embedded_resource", "Answers with an embedded resource", NO_ARGUMENTS,
                        (exchange, request) -> answer(embedded("test://embedded-resource", "text/plain",
                                "This is an embedded resource content."))),
                tool("test_multiple_content_types", "Answers with text, an image and a resource", NO_ARGUMENTS,
                        (exchange, request) -> answer(text("Multiple content types test:"),
                                new McpSchema.ImageContent(null, PNG, "image/png"),
                                embedded("test://mixed-content-resource", "application/json",
                                        "{\"test\":\"data\",\"value\":123}"))),
                tool("test_tool_with_logging", "Logs three messages while it runs", NO_ARGUMENTS,
                        ConformanceTools::logThreeTimes),
                tool("test_tool_with_progress", "Reports progress three times while it runs", NO_ARGUMENTS,
                        ConformanceTools::reportProgress),
                tool("test_error_handling", "Always fails", NO_ARGUMENTS,
                        (exchange, request) -> CallToolResult.builder().isError(true)
                                .addTextContent("This tool intentionally returns an error for testing").build()),
                tool("test_sampling", "Asks the client's model", object(Map.of("prompt", string("The prompt"))),
                        ConformanceTools::sample),
                tool("test_elicitation", "Asks the user", object(Map.of("message", string("The message to show"))),
                        (exchange, request) -> elicit(exchange, "User response: ",
                                (String) request.arguments().get("message"), ConformanceSchemas.USER)),
                tool("test_elicitation_sep1034_defaults", "Asks the user with defaults for every type", NO_ARGUMENTS,
                        (exchange, request) -> elicit(exchange, "Elicitation completed: ",
                                "Please review and update the form fields with defaults", ConformanceSchemas.DEFAULTS)),
                tool("test_elicitation_sep1330_enums", "Asks the user with every kind of enum", NO_ARGUMENTS,
                        (exchange, request) -> elicit(exchange, "Elicitation completed: ",
                                "Please choose from the options", ConformanceSchemas.ENUMS)),
                tool("json_schema_2020_12_tool", "Tool with JSON Schema 2020-12 features",
                        ConformanceSchemas.DRAFT_2020_12,
                        (exchange, request) -> answer(text("Arguments: " + request.arguments()))),
                tool("test_custom_header", "Echoes its region, which 2026-07-28 clients also send as the"
                        + " Mcp-Param-Region header", object(Map.of("region", Map.of("type", "string", "description",
                                "The region", "x-mcp-header", "Region"))),
                        (exchange, request) -> answer(text("Region: " + request.arguments().get("region")))),
                tool("test_reconnection", "Closes its event stream mid-call; the answer comes after the client"
                        + " resumes it (SEP-1699)", NO_ARGUMENTS, ConformanceTools::closeStreamMidCall));
    }

    private static CallToolResult logThreeTimes(McpSyncServerExchange exchange, CallToolRequest request) {
        for (String message : List.of("Tool execution started", "Tool processing data", "Tool execution completed")) {
            exchange.loggingNotification(new McpSchema.LoggingMessageNotification(McpSchema.LoggingLevel.INFO,
                    "conformance", message));
            pause(); // the scenario wants the messages spread over the call
        }
        return answer(text("Logged three messages."));
    }

    private static CallToolResult reportProgress(McpSyncServerExchange exchange, CallToolRequest request) {
        for (int progress = 0; progress <= 100; progress += 50) {
            exchange.progressNotification(new McpSchema.ProgressNotification(request.progressToken(), progress,
                    100.0, "Completed step " + progress + " of 100"));
            pause();
        }
        return answer(text(String.valueOf(request.progressToken())));
    }

    private static CallToolResult sample(McpSyncServerExchange exchange, CallToolRequest request) {
        McpSchema.CreateMessageResult result = exchange.createMessage(McpSchema.CreateMessageRequest.builder()
                .messages(List.of(new McpSchema.SamplingMessage(McpSchema.Role.USER,
                        text((String) request.arguments().get("prompt")))))
                .maxTokens(100).build());
        String reply = result.content() instanceof McpSchema.TextContent t ? t.text()
                : String.valueOf(result.content());
        return answer(text("LLM response: " + reply));
    }

    private static CallToolResult elicit(McpSyncServerExchange exchange, String prefix, String message,
            Map<String, Object> schema) {
        McpSchema.ElicitResult result = exchange.createElicitation(McpSchema.ElicitFormRequest.builder(message, schema)
                .build());
        return answer(text(prefix + "action=" + result.action().name().toLowerCase() + ", content="
                + result.content()));
    }

    private static CallToolResult closeStreamMidCall(McpSyncServerExchange exchange, CallToolRequest request) {
        RequestStream.of(exchange.transportContext()).ifPresent(RequestStream::closeForPolling);
        return answer(text("Reconnection test completed: the answer came after the stream was resumed."));
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static SyncToolSpecification tool(String name, String description, Map<String, Object> inputSchema,
            BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
        return SyncToolSpecification.builder().tool(McpSchema.Tool.builder().name(name).description(description)
                .inputSchema(inputSchema).build()).callHandler(handler).build();
    }

    private static Map<String, Object> object(Map<String, Object> properties) {
        return Map.of("type", "object", "properties", properties, "required", List.copyOf(properties.keySet()));
    }

    private static Map<String, Object> string(String description) {
        return Map.of("type", "string", "description", description);
    }

    private static CallToolResult answer(Content... content) {
        return CallToolResult.builder().content(List.of(content)).build();
    }

    private static McpSchema.TextContent text(String text) {
        return new McpSchema.TextContent(text);
    }

    private static McpSchema.EmbeddedResource embedded(String uri, String mimeType, String text) {
        return new McpSchema.EmbeddedResource(null, new McpSchema.TextResourceContents(uri, mimeType, text));
    }
}
