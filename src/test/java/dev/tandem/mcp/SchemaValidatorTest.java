package dev.tandem.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator.ValidationResponse;
import org.junit.jupiter.api.Test;

/** Tool arguments and results checked against their schemas: what passes, and what the caller is told otherwise. */
class SchemaValidatorTest {

    private static final Map<String, Object> SCHEMA = Map.of("type", "object",
            "properties", Map.of("collection", Map.of("type", "string", "minLength", 1),
                    "limit", Map.of("type", "integer", "minimum", 0)),
            "required", List.of("collection"), "additionalProperties", false);

    private final SchemaValidator validator = new SchemaValidator(new ObjectMapper());

    @Test
    void should_pass_values_that_match_the_schema_given_as_maps_or_json_text() {
        assertThat(validator.validate(SCHEMA, Map.of("collection", "restaurant", "limit", 5)).valid()).isTrue();
        assertThat(validator.validate(SCHEMA, "{\"collection\": \"grades\"}").valid()).isTrue();
    }

    @Test
    void should_name_what_does_not_match_every_time_the_same_schema_is_used() {
        for (int call = 0; call < 3; call++) {
            ValidationResponse missing = validator.validate(SCHEMA, Map.of("limit", 5));
            ValidationResponse wrongType = validator.validate(SCHEMA, Map.of("collection", "c", "limit", "ten"));
            ValidationResponse unknown = validator.validate(SCHEMA, Map.of("collection", "c", "colour", "red"));

            assertThat(missing.valid()).isFalse();
            assertThat(missing.errorMessage()).contains("collection");
            assertThat(wrongType.errorMessage()).contains("limit").contains("integer");
            assertThat(unknown.errorMessage()).contains("colour");
        }
    }

    @Test
    void should_say_each_problem_in_plain_words_where_it_is() {
        ValidationResponse twoProblems = validator.validate(SCHEMA, Map.of("limit", "ten"));

        String message = twoProblems.errorMessage();
        assertThat(message).endsWith(".");
        // the value itself has no location to name; a field's problem starts with its JSON pointer
        assertThat(message.substring(0, message.length() - 1).split("; ")).containsExactlyInAnyOrder(
                "required property 'collection' not found", "/limit: string found, integer expected");
    }

    @Test
    void should_say_when_a_value_is_not_json() {
        ValidationResponse broken = validator.validate(SCHEMA, "{\"collection\": ");

        assertThat(broken.valid()).isFalse();
        assertThat(broken.errorMessage()).startsWith("The value could not be read as JSON");
    }
}
