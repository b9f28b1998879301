package dev.tandem.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator.ValidationResponse;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Arguments of every shape against the input schemas of Tandem's own tools: the validator never fails itself, and it
 * refuses, with a message, every argument of a type the schema does not allow and every missing required argument.
 */
class ToolArgumentPropertiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Map<String, Object>> SCHEMAS = toolSchemas();
    private final SchemaValidator validator = new SchemaValidator(JSON);

    @Property(tries = 1500)
    void should_refuse_a_wrong_type_or_a_missing_argument_and_never_fail(@ForAll("schemas") Map<String, Object> schema,
            @ForAll("arguments") Map<String, Object> generated) {
        Map<String, Object> arguments = withSchemaKeys(schema, generated);

        ValidationResponse response = validator.validate(schema, arguments);

        if (wrongType(schema, arguments) || missingRequired(schema, arguments)) {
            assertThat(response.valid()).as(schema.get("properties") + " <- " + arguments).isFalse();
            assertThat(response.errorMessage()).isNotBlank();
        }
    }

    /** The generated values under the schema's own property names, so that types are checked, not only extras. */
    private static Map<String, Object> withSchemaKeys(Map<String, Object> schema, Map<String, Object> generated) {
        List<String> names = properties(schema).keySet().stream().toList();
        Map<String, Object> arguments = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, Object> entry : generated.entrySet()) {
            String key = !names.isEmpty() && i % 3 != 2 ? names.get(i % names.size()) : entry.getKey();
            arguments.put(key, entry.getValue());
            i++;
        }
        return arguments;
    }

    private static boolean wrongType(Map<String, Object> schema, Map<String, Object> arguments) {
        Map<String, Object> properties = properties(schema);
        return arguments.entrySet().stream().anyMatch(argument -> properties.get(argument.getKey()) instanceof Map<?, ?> p
                && p.get("type") instanceof String type && !fits(type, argument.getValue()));
    }

    private static boolean fits(String type, Object value) {
        return switch (type) {
            case "string" -> value instanceof String;
            case "boolean" -> value instanceof Boolean;
            case "object" -> value instanceof Map;
            case "array" -> value instanceof List;
            case "integer" -> value instanceof Integer || value instanceof Long;
            case "number" -> value instanceof Number;
            default -> true;
        };
    }

    private static boolean missingRequired(Map<String, Object> schema, Map<String, Object> arguments) {
        return schema.get("required") instanceof List<?> required && required.stream().anyMatch(r -> !arguments
                .containsKey(r));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> schema) {
        return schema.get("properties") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
    }

    @Provide
    Arbitrary<Map<String, Object>> schemas() {
        return Arbitraries.of(SCHEMAS);
    }

    @Provide
    Arbitrary<Map<String, Object>> arguments() {
        Arbitrary<Object> leaf = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(6).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i), Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.doubles().map(d -> (Object) d), Arbitraries.just(null));
        Arbitrary<Object> value = Arbitraries.recursive(() -> leaf, inner -> Arbitraries.oneOf(
                inner.list().ofMaxSize(3).map(l -> (Object) l),
                Arbitraries.maps(Arbitraries.strings().ofMaxLength(4), inner).ofMaxSize(3).map(m -> (Object) m)), 0, 2);
        return Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8), value).ofMaxSize(5);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> toolSchemas() {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/mcp-tools"))) {
            return files.sorted().map(file -> {
                try {
                    return (Map<String, Object>) JSON.readValue(file.toFile(), Map.class).get("inputSchema");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
