package dev.tandem.llm.plan;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.ChatOptions;
import dev.tandem.json.JsonSchemas;
import dev.tandem.llm.ToolCall;
import dev.tandem.llm.ToolSpec;

/**
 * Whether an answer has the shape its request asked for: each tool call names an offered tool and has JSON
 * arguments valid against that tool's schema, as many calls as {@code parallel_tool_calls} and
 * {@code tool_choice} allow; a {@code json_object} or {@code json_schema} answer is JSON (valid against the schema).
 * An answer that fails is a failed branch, so the other model's answer can take its place.
 */
final class StructureCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHOWN_VIOLATIONS = 3;

    private StructureCheck() {
    }

    /** What is wrong with the answer, in words for the executed plan; empty when it is valid. */
    static Optional<String> problem(BackendAnswer answer, ChatOptions options) {
        if (answer.hasToolCalls()) {
            return toolCallProblem(answer.toolCalls(), options);
        }
        if (options.toolChoice().forcesCall() && !options.callableTools().isEmpty()) {
            return Optional.of("no tool call, although tool_choice requires one");
        }
        if (!options.responseFormat().json()) {
            return Optional.empty();
        }
        Optional<JsonNode> json = parse(answer.text());
        if (json.isEmpty()) {
            return Optional.of("an answer that is not JSON, although response_format asks for JSON");
        }
        if ("json_object".equals(options.responseFormat().type())) {
            return json.get().isObject() ? Optional.empty()
                    : Optional.of("JSON that is not an object, although response_format asks for one");
        }
        return invalid(JsonSchemas.violations(options.responseFormat().schema(), json.get()),
                "an answer that breaks the response_format schema");
    }

    private static Optional<String> toolCallProblem(List<ToolCall> calls, ChatOptions options) {
        if (calls.size() > 1 && Boolean.FALSE.equals(options.parallelToolCalls())) {
            return Optional.of(calls.size() + " tool calls, although parallel_tool_calls is false");
        }
        for (ToolCall call : calls) {
            Optional<ToolSpec> tool = options.tool(call.name());
            if (tool.isEmpty()) {
                return Optional.of("a call of the tool '" + call.name() + "', which was not offered");
            }
            if ("function".equals(options.toolChoice().mode())
                    && !options.toolChoice().function().equals(call.name())) {
                return Optional.of("a call of '" + call.name() + "', although tool_choice names '"
                        + options.toolChoice().function() + "'");
            }
            Optional<JsonNode> arguments = parse(call.arguments());
            if (arguments.isEmpty() || !arguments.get().isObject()) {
                return Optional.of("a call of '" + call.name() + "' whose arguments are not a JSON object");
            }
            Optional<String> broken = invalid(JsonSchemas.violationsOfShared(tool.get().parameters(), arguments.get()),
                    "a call of '" + call.name() + "' whose arguments break its schema");
            if (broken.isPresent()) {
                return broken;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> invalid(List<String> violations, String what) {
        if (violations.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(what + " (" + String.join("; ", violations.subList(0,
                Math.min(SHOWN_VIOLATIONS, violations.size()))) + ")");
    }

    private static Optional<JsonNode> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(JSON.readTree(text)).filter(node -> !node.isMissingNode());
        } catch (JsonProcessingException notJson) {
            return Optional.empty();
        }
    }
}
