package dev.tandem.llm.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ToolSchemaSkimmerTest {

    private static final String BODY = """
            {"model":"gpt-test","stream":false,"messages":[{"role":"user","content":"Weather?"}],
             "tools":[{"type":"function","function":{"name":"weather","description":"Looks it up",
                "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}},
              {"type":"function","function":{"name":"broken","parameters":"not a schema"}}],
             "tool_choice":"auto"}""";

    @Test
    void should_read_the_whole_body_but_the_inside_of_each_tool_schema() throws Exception {
        JsonNode skimmed = ToolSchemaSkimmer.parse(BODY.getBytes(StandardCharsets.UTF_8));

        ObjectNode expected = (ObjectNode) EmulatorServer.JSON.readTree(BODY);
        ((ObjectNode) expected.at("/tools/0/function")).putObject("parameters");
        assertThat(skimmed).isEqualTo(expected);
        assertThat(skimmed.at("/tools/1/function/parameters").asText()).isEqualTo("not a schema");
    }

    @Test
    void should_give_a_missing_body_for_text_that_is_not_json() {
        assertThat(ToolSchemaSkimmer.parse("{\"model\": ".getBytes(StandardCharsets.UTF_8)).isMissingNode())
                .isTrue();
        assertThat(ToolSchemaSkimmer.parse(new byte[0]).isMissingNode()).isTrue();
    }
}
