package dev.tandem.llm.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.llm.ToolSpec;
import org.junit.jupiter.api.Test;

/** The tools array OpenAI and Ollama read, written once for a list that requests share. */
class FunctionToolsJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void should_write_each_tool_as_a_function_with_its_schema_untouched() throws Exception {
        JsonNode schema = JSON.readTree("{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}},"
                + " \"required\": [\"city\"]}");
        List<ToolSpec> tools = List.of(new ToolSpec("get_weather", "Weather of a city", schema),
                new ToolSpec("get_time", null, schema));

        JsonNode written = JSON.readTree(FunctionToolsJson.shared(tools).rawValue().toString());

        assertThat(written).isEqualTo(JSON.readTree("[{\"type\": \"function\", \"function\": {\"name\":"
                + " \"get_weather\", \"description\": \"Weather of a city\", \"parameters\": " + schema + "}},"
                + " {\"type\": \"function\", \"function\": {\"name\": \"get_time\", \"parameters\": " + schema + "}}]"));
    }

    @Test
    void should_write_a_list_of_different_tools_anew_even_when_it_equals_a_shared_one() throws Exception {
        List<ToolSpec> shared = List.of(new ToolSpec("a", null, JSON.readTree("{\"type\": \"object\"}")));
        FunctionToolsJson.shared(shared);
        List<ToolSpec> other = List.of(new ToolSpec("b", null, JSON.readTree("{\"type\": \"object\"}")));

        assertThat(FunctionToolsJson.shared(other).rawValue().toString()).contains("\"name\":\"b\"")
                .doesNotContain("\"name\":\"a\"");
    }
}
