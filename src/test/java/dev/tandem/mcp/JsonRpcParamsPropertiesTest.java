package dev.tandem.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * JSON-RPC requests with params of every shape: {@link RequestParams} either names what is wrong or admits params
 * the SDK can turn into its request type, so that a caller's mistake never reaches the SDK as a failure of ours.
 */
class JsonRpcParamsPropertiesTest {

    private static final McpJsonMapper JSON = new JacksonMcpJsonMapper(new ObjectMapper());
    private static final Map<String, Class<?>> TYPES = Map.of(
            McpSchema.METHOD_TOOLS_CALL, McpSchema.CallToolRequest.class,
            McpSchema.METHOD_PROMPT_GET, McpSchema.GetPromptRequest.class,
            McpSchema.METHOD_RESOURCES_READ, McpSchema.ReadResourceRequest.class,
            McpSchema.METHOD_COMPLETION_COMPLETE, McpSchema.CompleteRequest.class,
            McpSchema.METHOD_LOGGING_SET_LEVEL, McpSchema.SetLevelRequest.class);

    @Property(tries = 2000)
    void should_admit_only_params_the_sdk_can_read(@ForAll("methods") String method, @ForAll("params") Object params) {
        McpSchema.JSONRPCRequest request = new McpSchema.JSONRPCRequest("2.0", method, 1, params);

        Optional<String> problem = RequestParams.problem(request);

        if (problem.isPresent()) {
            assertThat(problem.get()).contains(method).doesNotContain("Exception").doesNotContain("java.");
            return;
        }
        assertThatCode(() -> assertThat(JSON.convertValue(params == null ? Map.of() : params, TYPES.get(method)))
                .hasNoNullFieldsOrPropertiesExcept("arguments", "meta", "progressToken", "context", "task"))
                .as(method + " " + params).doesNotThrowAnyException();
    }

    @Property(tries = 500)
    void should_judge_any_method_without_failing(@ForAll("anyMethod") String method, @ForAll("json") Object params) {
        assertThatCode(() -> RequestParams.problem(new McpSchema.JSONRPCRequest("2.0", method, "id", params)))
                .doesNotThrowAnyException();
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of(TYPES.keySet());
    }

    @Provide
    Arbitrary<String> anyMethod() {
        return Arbitraries.oneOf(methods(), Arbitraries.strings().ofMaxLength(20));
    }

    /** Params built from the fields the methods read, each of any JSON shape, sometimes the right one. */
    @Provide
    Arbitrary<Object> params() {
        Arbitrary<Object> ref = Combinators.combine(Arbitraries.of("ref/prompt", "ref/resource", "ref/other"),
                Arbitraries.strings().ofMaxLength(5)).as((type, name) -> (Object) Map.of("type", type,
                        type.equals("ref/resource") ? "uri" : "name", name));
        Arbitrary<Object> argument = Arbitraries.strings().ofMaxLength(5)
                .map(name -> (Object) Map.of("name", name, "value", "v"));
        Arbitrary<Object> fields = Combinators.combine(
                maybe(Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(8).map(s -> (Object) s), json())),
                maybe(Arbitraries.oneOf(Arbitraries.just((Object) Map.of("a", 1)), json())),
                maybe(Arbitraries.oneOf(Arbitraries.just((Object) "file:///x"), json())),
                maybe(Arbitraries.oneOf(ref, json())),
                maybe(Arbitraries.oneOf(argument, json())),
                maybe(Arbitraries.oneOf(Arbitraries.of("debug", "info", "loud").map(s -> (Object) s), json())))
                .as((name, arguments, uri, r, arg, level) -> {
                    Map<String, Object> p = new LinkedHashMap<>();
                    name.ifPresent(v -> p.put("name", v));
                    arguments.ifPresent(v -> p.put("arguments", v));
                    uri.ifPresent(v -> p.put("uri", v));
                    r.ifPresent(v -> p.put("ref", v));
                    arg.ifPresent(v -> p.put("argument", v));
                    level.ifPresent(v -> p.put("level", v));
                    return (Object) p;
                });
        return Arbitraries.oneOf(fields, json());
    }

    @Provide
    Arbitrary<Object> json() {
        Arbitrary<Object> leaf = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(6).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i), Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null));
        return Arbitraries.recursive(() -> leaf, inner -> Arbitraries.oneOf(
                inner.list().ofMaxSize(3).map(l -> (Object) l),
                Arbitraries.maps(Arbitraries.strings().ofMaxLength(4), inner).ofMaxSize(3).map(m -> (Object) m)),
                0, 3);
    }

    private static Arbitrary<Optional<Object>> maybe(Arbitrary<Object> value) {
        return Arbitraries.oneOf(Arbitraries.just(Optional.empty()), value.map(Optional::ofNullable));
    }
}
