package dev.tandem.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** A body read with some array fields kept as text reads as the whole tree would, and writes back as it came. */
class RawFieldsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TOOLS = Set.of("tools");

    private static JsonNode read(String body) throws Exception {
        return RawFields.read(JSON, body.getBytes(StandardCharsets.UTF_8), TOOLS);
    }

    @Test
    void should_keep_the_named_array_as_the_exact_text_it_came_in() throws Exception {
        String tools = "[ {\"type\": \"function\",\n \"function\": {\"name\": \"météo\", \"description\": \"a \\\"quoted\\\" ]\"}} ]";
        JsonNode body = read("{\"model\": \"tandem\", \"tools\": " + tools + ", \"messages\": [{\"role\": \"user\"}]}");

        assertThat(RawFields.kept(body.path("tools"))).isTrue();
        assertThat(RawFields.text(body.path("tools"))).isEqualTo(tools);
        assertThat(JSON.readTree(RawFields.text(body.path("tools")))).isEqualTo(JSON.readTree(tools));
    }

    @Test
    void should_read_every_other_field_as_the_tree_reader_does() throws Exception {
        String text = "{\"model\": \"tandem\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}],"
                + " \"temperature\": 0.5, \"stream\": false, \"stop\": null, \"tandem\": {\"agent\": \"loop\"},"
                + " \"model\": \"last wins\"}";

        assertThat(read(text)).isEqualTo(JSON.readTree(text));
    }

    @Test
    void should_read_a_field_that_is_not_an_array_as_a_tree_and_the_rest_unnamed_as_trees() throws Exception {
        JsonNode body = read("{\"tools\": {\"type\": \"function\"}, \"functions\": [{\"name\": \"f\"}]}");

        assertThat(RawFields.kept(body.path("tools"))).isFalse();
        assertThat(body.path("tools").path("type").asText()).isEqualTo("function");
        assertThat(body.path("functions").isArray()).isTrue();
        assertThat(read("{\"tools\": null}").path("tools").isNull()).isTrue();
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

        JsonNode body = RawFields.read(JSON, text.getBytes(StandardCharsets.UTF_16BE), TOOLS);

        assertThat(body).isEqualTo(JSON.readTree(text));
        assertThat(RawFields.kept(body.path("tools"))).isFalse();
    }

    @Test
    void should_refuse_a_kept_array_that_is_not_valid_JSON() {
        assertThatThrownBy(() -> read("{\"tools\": [{\"type\": \"function\",, }], \"model\": \"tandem\"}"))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> read("{\"tools\": [{\"name\": \"f\\q\"}]}"))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> read("{\"tools\": [{\"type\": \"function\"}"))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void should_write_a_tree_field_as_its_JSON_text() throws Exception {
        assertThat(RawFields.text(JSON.readTree("[{\"a\": 1}]"))).isEqualTo("[{\"a\":1}]");
    }
}
