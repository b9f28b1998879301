package dev.tandem.llm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.http.InvalidRequestException;
import dev.tandem.llm.ToolSpec;
import org.junit.jupiter.api.Test;

/**
 * A tool list is checked once and then reused for the requests that send it again: a list that differs in any
 * detail is checked on its own, so a bad schema is never let through on the strength of a good list seen before.
 */
class CheckedToolListsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode request(String citySchema) throws Exception {
        return JSON.readTree("{\"model\": \"tandem\", \"messages\": [{\"role\": \"user\", \"content\": \"Weather?\"}],"
                + " \"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"parameters\":"
                + " {\"type\": \"object\", \"properties\": {\"city\": " + citySchema + "}}}}]}");
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
    void should_refuse_a_bad_schema_in_a_list_that_differs_from_a_good_one_only_there() throws Exception {
        CompletionRequests.fromOpenAi(request("{\"type\": \"string\"}"), null);

        assertThatThrownBy(() -> CompletionRequests.fromOpenAi(request("{\"$ref\": \"http://example.com/city\"}"),
                null)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("entry 0 of 'tools': function.parameters refers to 'http://example.com/city'");
    }
}
