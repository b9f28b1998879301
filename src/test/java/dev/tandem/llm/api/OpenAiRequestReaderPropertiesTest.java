package dev.tandem.llm.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.http.InvalidRequestException;
import dev.tandem.llm.plan.CompletionRequest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The OpenAI request reader against any JSON body: the result is a parsed request or a 400 with a message, never
 * another exception (which would reach the client as a 500). Bodies are built from OpenAI's own field names and
 * values of every JSON type, nested, so most properties meet the reader's deeper checks.
 */
class OpenAiRequestReaderPropertiesTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> FIELDS = List.of("model", "messages", "role", "content", "tools", "type",
            "function", "name", "parameters", "description", "tool_choice", "tool_calls", "tool_call_id", "id",
            "arguments", "functions", "function_call", "parallel_tool_calls", "response_format", "json_schema",
            "schema", "strict", "stop", "seed", "top_p", "n", "temperature", "max_tokens", "max_completion_tokens",
            "stream", "stream_options", "include_usage", "tandem", "strategy", "retrieve", "k", "text",
            "properties", "required", "items", "$ref", "$schema", "minimum", "pattern", "enum", "anyOf",
            "image_url", "url");
    private static final List<String> TEXTS = List.of("", "tandem", "ollama/llama3.2", "user", "assistant",
            "system", "tool", "developer", "function", "auto", "none", "required", "text", "json_object",
            "json_schema", "object", "string", "integer", "array", "hedge", "race", "get_weather", "{}",
            "{\"city\":\"Oslo\"}", "not json", "#/properties/a", "http://example.com/s.json", "[", "\u0000",
            "https://json-schema.org/draft/2020-12/schema", "bad name!", "x".repeat(70), "image_url",
            "data:image/png;base64,iVBORw0KGgo=", "data:image/png;base64,", "https://example.com/cat.png");

    @Property(tries = 3000)
    void should_read_any_json_body_as_a_request_or_a_400_never_anything_else(@ForAll("bodies") JsonNode body) {
        try {
            CompletionRequest request = CompletionRequests.fromOpenAi(body, null);
            assertThat(request.prompt().messages()).isNotEmpty();
        } catch (InvalidRequestException refused) {
            assertThat(refused.getMessage()).isNotBlank().doesNotContain("Exception").doesNotContain("com.");
        }
    }

    @Property(tries = 1000)
    void should_read_any_tools_array_as_tools_or_a_400(@ForAll("values") JsonNode tools,
            @ForAll("values") JsonNode choice, @ForAll("values") JsonNode format) {
        ObjectNode body = NODES.objectNode().put("model", "tandem");
        body.putArray("messages").addObject().put("role", "user").put("content", "Hi");
        body.set("tools", tools);
        body.set("tool_choice", choice);
        body.set("response_format", format);
        try {
            CompletionRequests.fromOpenAi(body, null);
        } catch (InvalidRequestException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<JsonNode> bodies() {
        return objects(3);
    }

    @Provide
    Arbitrary<JsonNode> values() {
        return value(3);
    }

    private static Arbitrary<JsonNode> value(int depth) {
        Arbitrary<JsonNode> leaf = Arbitraries.oneOf(
                Arbitraries.of(TEXTS).map(NODES::textNode),
                Arbitraries.integers().between(-3, 200).map(NODES::numberNode),
                Arbitraries.doubles().between(-5, 5).map(NODES::numberNode),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.just(NODES.nullNode()));
        if (depth == 0) {
            return leaf;
        }
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, leaf),
                net.jqwik.api.Tuple.of(3, objects(depth - 1)),
                net.jqwik.api.Tuple.of(2, value(depth - 1).list().ofMaxSize(3).map(items -> {
                    var array = NODES.arrayNode();
                    items.forEach(array::add);
                    return (JsonNode) array;
                })));
    }

    private static Arbitrary<JsonNode> objects(int depth) {
        return Arbitraries.maps(Arbitraries.of(FIELDS), Arbitraries.lazy(() -> value(Math.max(0, depth - 1))))
                .ofMaxSize(6).map(fields -> {
                    ObjectNode object = NODES.objectNode();
                    fields.forEach(object::set);
                    return (JsonNode) object;
                });
    }
}
