package dev.tandem.mcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.tandem.tool.InputRequiredSignal;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

/**
 * The fixtures of the conformance suite's 2026-07-28 scenarios that ask the client something (multi-round trips,
 * SEP-2322) or check capabilities and logging (SEP-2575). They ask through the exchange as any Tandem tool does; the
 * keys the scenarios expect are named with {@link InputRequiredSignal#KEY_META}.
 */
final class ConformanceInputTools {

    private static final Map<String, Object> NO_ARGUMENTS = Map.of("type", "object", "properties", Map.of());

    private ConformanceInputTools() {
    }

    static List<SyncToolSpecification> all() {
        return List.of(
                tool("test_input_required_result_elicitation", (exchange, request) -> {
                    McpSchema.ElicitResult name = elicit(exchange, "user_name", "What is your name?", "name", "string");
                    return text("Hello, " + name.content().get("name") + "!");
                }),
                tool("test_input_required_result_sampling", (exchange, request) -> text("Sampled: "
                        + sample(exchange, "capital_question", "What is the capital of France?").content())),
                tool("test_input_required_result_list_roots", (exchange, request) -> text("Roots: "
                        + exchange.listRoots().roots())),
                tool("test_input_required_result_request_state", (exchange, request) -> {
                    elicit(exchange, "confirm", "Please confirm", "ok", "boolean");
                    return text("state-ok: the confirmation came back with the state Tandem sealed.");
                }),
                tool("test_input_required_result_multiple_inputs", (exchange, request) -> {
                    List<Object> answers = all(() -> elicit(exchange, "user_name", "What is your name?", "name",
                                    "string"),
                            () -> sample(exchange, "greeting", "Generate a greeting"),
                            exchange::listRoots);
                    return text("All answers: " + answers);
                }),
                tool("test_input_required_result_multi_round", (exchange, request) -> {
                    McpSchema.ElicitResult name = elicit(exchange, "step1", "Step 1: What is your name?", "name",
                            "string");
                    McpSchema.ElicitResult color = elicit(exchange, "step2", "Step 2: What is your favorite color?",
                            "color", "string");
                    return text(name.content().get("name") + " likes " + color.content().get("color") + ".");
                }),
                tool("test_input_required_result_tampered_state", (exchange, request) -> {
                    elicit(exchange, "confirm", "Please confirm", "ok", "boolean");
                    return text("Confirmed.");
                }),
                tool("test_input_required_result_capabilities", (exchange, request) -> {
                    McpSchema.ClientCapabilities declared = exchange.getClientCapabilities();
                    List<Supplier<Object>> questions = new ArrayList<>();
                    if (declared.elicitation() != null) {
                        questions.add(() -> elicit(exchange, "user_name", "What is your name?", "name", "string"));
                    }
                    if (declared.sampling() != null) {
                        questions.add(() -> sample(exchange, "greeting", "Generate a greeting"));
                    }
                    return text("Answers: " + all(questions.toArray(Supplier[]::new)));
                }),
                tool("test_missing_capability", (exchange, request) -> {
                    if (exchange.getClientCapabilities().sampling() == null) {
                        throw McpError.builder(-32021).message("This tool needs sampling, which the request's client"
                                + " capabilities do not declare.").data(Map.of("requiredCapabilities",
                                        Map.of("sampling", Map.of()))).build();
                    }
                    return text("Sampled: " + sample(exchange, "question", "Say hello").content());
                }),
                tool("test_streaming_elicitation", (exchange, request) -> {
                    elicit(exchange, "confirm", "Please confirm", "ok", "boolean");
                    return text("Confirmed.");
                }),
                tool("test_logging_tool", (exchange, request) -> {
                    exchange.loggingNotification(new McpSchema.LoggingMessageNotification(McpSchema.LoggingLevel.INFO,
                            "conformance", "A message only a client that asked for log messages gets"));
                    return text("Logged one message.");
                }));
    }

    static SyncPromptSpecification prompt() {
        return new SyncPromptSpecification(new McpSchema.Prompt("test_input_required_result_prompt",
                "A prompt that asks its context first", List.of()), (exchange, request) -> {
                    McpSchema.ElicitResult context = elicit(exchange, "user_context",
                            "What context should the prompt use?", "context", "string");
                    return new McpSchema.GetPromptResult("A prompt with context", List.of(new McpSchema.PromptMessage(
                            McpSchema.Role.USER, new McpSchema.TextContent("Context: " + context.content()
                                    .get("context")))));
                });
    }

    /** Asks every question, so the client gets all of those not answered yet in one round. */
    @SafeVarargs
    private static List<Object> all(Supplier<Object>... questions) {
        List<Object> answers = new ArrayList<>();
        InputRequiredSignal unanswered = null;
        for (Supplier<Object> question : questions) {
            try {
                answers.add(question.get());
            } catch (InputRequiredSignal signal) {
                unanswered = signal;
            }
        }
        if (unanswered != null) {
            throw unanswered;
        }
        return answers;
    }

    private static McpSchema.ElicitResult elicit(McpSyncServerExchange exchange, String key, String message,
            String field, String type) {
        return exchange.createElicitation(McpSchema.ElicitFormRequest.builder(message, Map.of("type", "object",
                "properties", Map.of(field, Map.of("type", type)), "required", List.of(field)))
                .meta(Map.of(InputRequiredSignal.KEY_META, key)).build());
    }

    private static McpSchema.CreateMessageResult sample(McpSyncServerExchange exchange, String key, String text) {
        return exchange.createMessage(McpSchema.CreateMessageRequest.builder().messages(List.of(
                new McpSchema.SamplingMessage(McpSchema.Role.USER, new McpSchema.TextContent(text))))
                .maxTokens(100).meta(Map.of(InputRequiredSignal.KEY_META, key)).build());
    }

    private static SyncToolSpecification tool(String name,
            java.util.function.BiFunction<McpSyncServerExchange, McpSchema.CallToolRequest, CallToolResult> handler) {
        return SyncToolSpecification.builder().tool(McpSchema.Tool.builder().name(name).description("Conformance"
                + " fixture " + name).inputSchema(NO_ARGUMENTS).build()).callHandler(handler).build();
    }

    private static CallToolResult text(String text) {
        return CallToolResult.builder().addTextContent(text).build();
    }
}
