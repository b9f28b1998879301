package dev.tandem.llm.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.http.InvalidRequestException;
import dev.tandem.llm.ChatOptions;
import dev.tandem.json.BoundedCache;
import dev.tandem.json.JsonSchemas;
import dev.tandem.json.RawFields;
import dev.tandem.llm.ResponseFormat;
import dev.tandem.llm.ToolChoice;
import dev.tandem.llm.ToolSpec;

/**
 * Reads the parts of an OpenAI chat completion body beyond the conversation: {@code tools} and {@code tool_choice}
 * (or the legacy {@code functions} and {@code function_call}), {@code parallel_tool_calls}, {@code response_format},
 * {@code stop}, {@code seed} and {@code top_p}. Every schema is checked here, so a bad one is the caller's 400 and
 * never a backend's failure.
 */
final class ChatOptionsReader {

    static final int MAX_TOOLS = 128;
    private static final BoundedCache<String, List<ToolSpec>> CHECKED_TOOLS = new BoundedCache<>(256);
    private static final ObjectMapper TREES = new ObjectMapper();
    private static final int MAX_STOP = 4;
    private static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final JsonNode NO_PARAMETERS = TREES.createObjectNode().put("type", "object")
            .set("properties", TREES.createObjectNode());

    private ChatOptionsReader() {
    }

    static ChatOptions read(JsonNode body) {
        boolean legacy = usesLegacyFunctions(body);
        List<ToolSpec> tools = legacy ? functions(body.path("functions")) : tools(body.path("tools"));
        ToolChoice choice = legacy ? functionCall(body.path("function_call"), tools)
                : toolChoice(body.path("tool_choice"), tools);
        Boolean parallel = null;
        if (present(body.path("parallel_tool_calls"))) {
            if (!body.path("parallel_tool_calls").isBoolean()) {
                throw new InvalidRequestException("parallel_tool_calls",
                        "'parallel_tool_calls' must be true or false.");
            }
            parallel = body.path("parallel_tool_calls").asBoolean();
        }
        return new ChatOptions(tools, choice, parallel, responseFormat(body.path("response_format")),
                stop(body.path("stop")), seed(body.path("seed")), topP(body.path("top_p")));
    }

    static boolean usesLegacyFunctions(JsonNode body) {
        boolean functions = present(body.path("functions"));
        if (functions && present(body.path("tools"))) {
            throw new InvalidRequestException("functions", "Send either 'tools' or the legacy 'functions', not both.");
        }
        return functions;
    }

    /**
     * Agents send the same tools with every request: each distinct list is checked once, its schemas compiled, and
     * known again by its text (the HTTP API keeps the text as it came: {@link RawFields}).
     */
    private static List<ToolSpec> tools(JsonNode tools) {
        if (!present(tools)) {
            return List.of();
        }
        return CHECKED_TOOLS.get(RawFields.text(tools), text -> text,
                text -> checkedTools(RawFields.kept(tools) ? tree(text) : tools));
    }

    private static JsonNode tree(String tools) {
        try {
            return TREES.readTree(tools);
        } catch (JsonProcessingException notJson) {
            throw new InvalidRequestException("tools", "'tools' is not valid JSON: check its quotes, escapes and"
                    + " brackets.");
        }
    }

    private static List<ToolSpec> checkedTools(JsonNode tools) {
        List<JsonNode> functions = new ArrayList<>();
        for (JsonNode tool : array(tools, "tools")) {
            if (!"function".equals(tool.path("type").asText())) {
                throw new InvalidRequestException("tools",
                        "entry " + functions.size() + " of 'tools': only tools of type"
                        + " 'function' are supported (got '" + tool.path("type").asText() + "').");
            }
            functions.add(tool.path("function"));
        }
        return specs(functions, "entry %d of 'tools': function.");
    }

    private static List<ToolSpec> functions(JsonNode functions) {
        List<JsonNode> all = new ArrayList<>();
        array(functions, "functions").forEach(all::add);
        return specs(all, "entry %d of 'functions': ");
    }

    private static List<ToolSpec> specs(List<JsonNode> functions, String where) {
        List<ToolSpec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < functions.size(); i++) {
            JsonNode function = functions.get(i);
            String at = String.format(where, i);
            String name = function.path("name").asText("");
            if (!function.path("name").isTextual() || !FUNCTION_NAME.matcher(name).matches()) {
                throw new InvalidRequestException("tools", at + "name must be 1 to 64 letters, digits, '_' or '-'.");
            }
            if (!names.add(name)) {
                throw new InvalidRequestException("tools", at + "name '" + name + "' is offered twice.");
            }
            JsonNode parameters = present(function.path("parameters")) ? function.path("parameters") : NO_PARAMETERS;
            JsonSchemas.problem(parameters).ifPresent(problem -> {
                throw new InvalidRequestException("tools", at + "parameters " + problem + ".");
            });
            String description = function.path("description").isTextual() ? function.path("description").asText()
                    : null;
            specs.add(new ToolSpec(name, description, parameters));
        }
        if (specs.size() > MAX_TOOLS) {
            throw new InvalidRequestException("tools",
                    "At most " + MAX_TOOLS + " tools may be offered (got " + specs.size()
                    + ").");
        }
        return List.copyOf(specs); // kept and shared by the requests that send the same tools
    }

    private static ToolChoice toolChoice(JsonNode choice, List<ToolSpec> tools) {
        if (!present(choice)) {
            return ToolChoice.AUTO;
        }
        if (choice.isTextual()) {
            return switch (choice.asText()) {
                case "auto" -> ToolChoice.AUTO;
                case "none" -> ToolChoice.NONE;
                case "required" -> requireTools(ToolChoice.REQUIRED, tools, "'tool_choice' is 'required'");
                default -> throw new InvalidRequestException("tool_choice",
                        "'tool_choice' must be 'auto', 'none', 'required' or"
                        + " {\"type\": \"function\", \"function\": {\"name\": ...}}.");
            };
        }
        if (!"function".equals(choice.path("type").asText())) {
            throw new InvalidRequestException("tool_choice", "'tool_choice' must be 'auto', 'none', 'required' or"
                    + " {\"type\": \"function\", \"function\": {\"name\": ...}}.");
        }
        return named(choice.path("function").path("name"), tools, "tool_choice");
    }

    private static ToolChoice functionCall(JsonNode call, List<ToolSpec> tools) {
        if (!present(call)) {
            return ToolChoice.AUTO;
        }
        if (call.isTextual() && ("auto".equals(call.asText()) || "none".equals(call.asText()))) {
            return "auto".equals(call.asText()) ? ToolChoice.AUTO : ToolChoice.NONE;
        }
        if (!call.isObject()) {
            throw new InvalidRequestException("function_call",
                    "'function_call' must be 'auto', 'none' or {\"name\": ...}.");
        }
        return named(call.path("name"), tools, "function_call");
    }

    private static ToolChoice named(JsonNode name, List<ToolSpec> tools, String field) {
        if (tools.stream().noneMatch(t -> t.name().equals(name.asText())) || !name.isTextual()) {
            throw new InvalidRequestException(field, "'" + field + "' names the function '" + name.asText()
                    + "', which is not among the tools offered.");
        }
        return ToolChoice.function(name.asText());
    }

    private static ToolChoice requireTools(ToolChoice choice, List<ToolSpec> tools, String what) {
        if (tools.isEmpty()) {
            throw new InvalidRequestException(what + " but no tools are offered.");
        }
        return choice;
    }

    private static ResponseFormat responseFormat(JsonNode format) {
        if (!present(format)) {
            return ResponseFormat.TEXT;
        }
        String type = format.path("type").asText("");
        return switch (type) {
            case "text" -> ResponseFormat.TEXT;
            case "json_object" -> ResponseFormat.jsonObject();
            case "json_schema" -> {
                JsonNode jsonSchema = format.path("json_schema");
                String name = jsonSchema.path("name").asText("");
                if (!jsonSchema.path("name").isTextual() || !FUNCTION_NAME.matcher(name).matches()) {
                    throw new InvalidRequestException("response_format",
                            "response_format.json_schema.name must be 1 to 64 letters,"
                            + " digits, '_' or '-'.");
                }
                JsonNode schema = jsonSchema.path("schema");
                JsonSchemas.problem(schema).ifPresent(problem -> {
                    throw new InvalidRequestException("response_format",
                            "response_format.json_schema.schema " + problem + ".");
                });
                yield new ResponseFormat("json_schema", name, schema, jsonSchema.path("strict").asBoolean(false));
            }
            default -> throw new InvalidRequestException("response_format",
                    "response_format.type must be 'text', 'json_object' or"
                    + " 'json_schema' (got '" + type + "').");
        };
    }

    private static List<String> stop(JsonNode stop) {
        if (!present(stop)) {
            return List.of();
        }
        if (stop.isTextual()) {
            return List.of(stop.asText());
        }
        List<String> sequences = new ArrayList<>();
        for (JsonNode s : array(stop, "stop")) {
            if (!s.isTextual() || s.asText().isEmpty()) {
                throw new InvalidRequestException("stop", "'stop' must be a string or an array of non-empty strings.");
            }
            sequences.add(s.asText());
        }
        if (sequences.size() > MAX_STOP) {
            throw new InvalidRequestException("stop", "'stop' takes at most " + MAX_STOP + " sequences.");
        }
        return sequences;
    }

    private static Long seed(JsonNode seed) {
        if (!present(seed)) {
            return null;
        }
        if (!seed.isIntegralNumber() || !seed.canConvertToLong()) {
            throw new InvalidRequestException("seed", "'seed' must be a whole number.");
        }
        return seed.asLong();
    }

    private static Double topP(JsonNode topP) {
        if (!present(topP)) {
            return null;
        }
        if (!topP.isNumber() || topP.asDouble() < 0 || topP.asDouble() > 1) {
            throw new InvalidRequestException("top_p", "'top_p' must be a number from 0 to 1.");
        }
        return topP.asDouble();
    }

    private static JsonNode array(JsonNode node, String field) {
        if (!node.isArray()) {
            throw new InvalidRequestException(field, "'" + field + "' must be an array.");
        }
        return node;
    }

    static boolean present(JsonNode node) {
        return !node.isMissingNode() && !node.isNull();
    }
}
