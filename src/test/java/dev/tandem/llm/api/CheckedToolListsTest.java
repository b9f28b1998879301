package dev.tandem.llm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.http.InvalidRequestException;
import dev.tandem.json.RawFields;
import dev.tandem.llm.ToolSpec;
import org.junit.jupiter.api.Test;

/**
 * A tool list is checked once and then reused for the requests that send it again: a list that differs in any
 * detail is checked on its own, so a bad schema is never let through on the strength of a good list seen before.
 */
class CheckedToolListsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String body(String citySchema) {
        return "{\"model\": \"tandem\", \"messages\": [{\"role\": \"user\", \"content\": \"Weather?\"}],"
                + " \"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"parameters\":"
                + " {\"type\": \"object\", \"properties\": {\"city\": " + citySchema + "}}}}]}";
    }

    private static JsonNode request(String citySchema) throws Exception {
        return JSON.readTree(body(citySchema));
    }

    /** As the HTTP API reads it: the tools kept as the text they came in. */
    private static JsonNode received(String citySchema) throws Exception {
        return RawFields.read(JSON, body(citySchema).getBytes(StandardCharsets.UTF_8), "tools");
    }

    @Test
    void should_read_the_same_tools_alike_when_they_are_sent_again() throws Exception {
        ToolSpec first = CompletionRequests.fromOpenAi(request("{\"type\": \"string\"}"), null).prompt().options()
                .tools().get(0);
        ToolSpec again = CompletionRequests.fromOpenAi(request("{\"type\": \"string\"}"), null).prompt().options()
                .tools().get(0);

        assertThat(again).isEqualTo(first);
        assertThat(again.parameters().at("/properties/city/type").asText()).isEqualTo("string");
    }

    @Test
    void should_share_one_checked_list_among_the_requests_that_send_the_same_tools_text() throws Exception {
        List<ToolSpec> first = CompletionRequests.fromOpenAi(received("{\"type\": \"integer\"}"), null).prompt()
                .options().tools();
        List<ToolSpec> again = CompletionRequests.fromOpenAi(received("{\"type\": \"integer\"}"), null).prompt()
                .options().tools();

        assertThat(again).isSameAs(first); // what the backends' cache of the tools' written text is keyed by
        assertThat(again.get(0).parameters().at("/properties/city/type").asText()).isEqualTo("integer");
    }

    @Test
    void should_refuse_a_bad_schema_in_a_received_list_that_differs_from_a_good_one_only_there() throws Exception {
        CompletionRequests.fromOpenAi(received("{\"type\": \"number\"}"), null);

        assertThatThrownBy(() -> CompletionRequests.fromOpenAi(received("{\"$ref\": \"http://example.com/town\"}"),
                null)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("entry 0 of 'tools': function.parameters refers to 'http://example.com/town'");
    }

    @Test
    void should_refuse_received_tools_whose_text_is_not_JSON() throws Exception {
        JsonNode body = RawFields.read(JSON, ("{\"model\": \"tandem\", \"messages\": [{\"role\": \"user\","
                + " \"content\": \"Hi\"}], \"tools\": [{\"type\": \"function\",, }]}").getBytes(StandardCharsets.UTF_8),
                "tools");

        assertThatThrownBy(() -> CompletionRequests.fromOpenAi(body, null)).isInstanceOf(InvalidRequestException.class)
                .hasMessage("'tools' is not valid JSON: check its quotes, escapes and brackets.");
    }

    @Test
    void should_refuse_a_bad_schema_in_a_list_that_differs_from_a_good_one_only_there() throws Exception {
        CompletionRequests.fromOpenAi(request("{\"type\": \"string\"}"), null);

        assertThatThrownBy(() -> CompletionRequests.fromOpenAi(request("{\"$ref\": \"http://example.com/city\"}"),
                null)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("entry 0 of 'tools': function.parameters refers to 'http://example.com/city'");
    }
}
