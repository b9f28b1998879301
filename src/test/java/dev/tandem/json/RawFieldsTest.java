package dev.tandem.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** A body read with its tools kept as text: the text as it came, everything else as the tree reader reads it. */
class RawFieldsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode read(String body) throws Exception {
        return RawFields.read(JSON, body.getBytes(StandardCharsets.UTF_8), "tools");
    }

    /** The body as the tree reader would read it, the kept text parsed in its place; empty when either is not JSON. */
    static Optional<JsonNode> resolved(byte[] body) {
        try {
            JsonNode node = RawFields.read(JSON, body, "tools");
            if (node instanceof ObjectNode object && RawFields.kept(object.path("tools"))) {
                object.set("tools", JSON.readTree(RawFields.text(object.path("tools"))));
            }
            return Optional.of(node);
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }

    @Test
    void should_keep_the_tools_array_as_the_exact_text_it_came_in() throws Exception {
        String tools = "[ {\"type\": \"function\",\n \"function\": {\"name\": \"météo\","
                + " \"description\": \"a \\\"quoted\\\" ]\"}} ]";
        JsonNode body = read("{\"model\": \"tandem\", \"tools\" : " + tools
                + ", \"messages\": [{\"role\": \"user\"}]}");

        assertThat(RawFields.kept(body.path("tools"))).isTrue();
        assertThat(RawFields.text(body.path("tools"))).isEqualTo(tools);
        assertThat(body.path("model").asText()).isEqualTo("tandem");
        assertThat(body.path("messages").path(0).path("role").asText()).isEqualTo("user");
    }

    @Test
    void should_keep_only_a_field_of_the_root_object_named_tools() throws Exception {
        JsonNode body = read("{\"messages\": [{\"content\": \"tools\", \"tools\": [1]}],"
                + " \"tandem\": {\"tools\": [\"a\"]}}");

        assertThat(body).isEqualTo(JSON.readTree("{\"messages\": [{\"content\": \"tools\", \"tools\": [1]}],"
                + " \"tandem\": {\"tools\": [\"a\"]}}"));
    }

    @Test
    void should_read_tools_that_are_not_an_array_as_a_tree() throws Exception {
        assertThat(RawFields.kept(read("{\"tools\": {\"type\": \"function\"}}").path("tools"))).isFalse();
        assertThat(read("{\"tools\": null}").path("tools").isNull()).isTrue();
        assertThat(read("{\"tools\": \"[]\"}").path("tools").asText()).isEqualTo("[]");
    }

    @Test
    void should_let_a_second_tools_field_win_as_the_tree_reader_does() throws Exception {
        JsonNode body = read("{\"tools\": [{\"a\": 1}], \"tools\": 5}");

        assertThat(body.path("tools").asInt()).isEqualTo(5);
    }

    @Test
    void should_refuse_a_first_tools_field_that_is_not_JSON_even_when_a_second_one_wins() {
        assertThatThrownBy(() -> read("{\"tools\": [{\"name\": \"f\\q\"}], \"tools\": []}"))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void should_write_the_body_back_as_the_JSON_it_came_in() throws Exception {
        String text = "{\"model\":\"tandem\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}";

        assertThat(read(text).toString()).isEqualTo(text);
    }

    @Test
    void should_read_a_body_that_is_not_an_object_as_the_tree_reader_does() throws Exception {
        assertThat(read("[1, 2]")).isEqualTo(JSON.readTree("[1, 2]"));
        assertThat(read("").isMissingNode()).isTrue();
    }

    @Test
    void should_read_a_body_in_UTF_16_as_trees() throws Exception {
        String text = "{\"tools\": [{\"type\": \"function\"}]}";

        JsonNode body = RawFields.read(JSON, text.getBytes(StandardCharsets.UTF_16BE), "tools");

        assertThat(body).isEqualTo(JSON.readTree(text));
    }

    @Test
    void should_refuse_a_body_that_is_not_JSON_outside_the_tools_and_keep_bad_tools_for_their_reader() {
        assertThatThrownBy(() -> read("{\"tools\": [{\"type\": \"function\"}], \"model\": tandem}"))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> read("{\"tools\": [{\"type\": \"function\"}"))
                .isInstanceOf(JsonProcessingException.class);
        assertThat(resolved("{\"tools\": [{\"name\": \"f\\q\"}]}".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void should_give_the_same_text_back_when_a_body_repeats_a_tools_array() throws Exception {
        String tools = "[{\"type\": \"function\", \"function\": {\"name\": \"repeated\", \"description\": \"]\"}}]";
        JsonNode first = read("{\"tools\": " + tools + ", \"messages\": [{\"content\": \"one\"}]}");
        JsonNode second = read("{\"messages\": [{\"content\": \"a second question\"}], \"tools\": " + tools + "}");

        assertThat(RawFields.text(second.path("tools"))).isEqualTo(tools)
                .isSameAs(RawFields.text(first.path("tools")));
        assertThat(second.path("messages").path(0).path("content").asText()).isEqualTo("a second question");
    }

    @Test
    void should_not_take_a_known_tools_array_for_one_that_only_starts_alike() throws Exception {
        read("{\"tools\": [{\"name\": \"f\"}], \"model\": \"m\"}");

        JsonNode longer = read("{\"tools\": [{\"name\": \"f\"}, {\"name\": \"g\"}], \"model\": \"m\"}");
        JsonNode shorter = read("{\"model\": \"m\", \"tools\": [{\"name\": \"f\"}]}"); // ends before the longer

        assertThat(RawFields.text(longer.path("tools"))).isEqualTo("[{\"name\": \"f\"}, {\"name\": \"g\"}]");
        assertThat(longer.path("model").asText()).isEqualTo("m");
        assertThat(RawFields.text(shorter.path("tools"))).isEqualTo("[{\"name\": \"f\"}]");
    }

    @Test
    void should_place_an_error_where_it_is_in_the_body_sent_not_in_the_copy_without_the_tools() {
        for (String body : new String[] {"{\"tools\": [{\"type\": \"function\"}], \"model\": tandem}",
                "{\"tools\": [{\"type\": \"function\"}],\n \"messages\": [", "{\"tools\": [1], \"tools\": [2}"}) {
            JsonLocation expected = catchThrowableOfType(() -> JSON.readTree(body.getBytes(StandardCharsets.UTF_8)),
                    JsonProcessingException.class).getLocation();

            JsonLocation reported = catchThrowableOfType(() -> read(body), JsonProcessingException.class).getLocation();

            assertThat(reported.getLineNr()).as(body).isEqualTo(expected.getLineNr());
            assertThat(reported.getColumnNr()).as(body).isEqualTo(expected.getColumnNr());
        }
    }

    @Test
    void should_write_a_tree_field_as_its_JSON_text() throws Exception {
        assertThat(RawFields.text(JSON.readTree("[{\"a\": 1}]"))).isEqualTo("[{\"a\":1}]");
    }
}
