package dev.tandem.aws.cloudcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** What the Cloud Control emulator refuses, so a wrong request from Tandem cannot pass unseen. */
class CloudControlEmulatorChecksTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ResourceSchemaCheck check = new ResourceSchemaCheck();

    private static Map<String, Object> schema(String file) throws IOException {
        return JSON.readValue(CloudControlEmulator.SCHEMAS.resolve(file).toFile(), new TypeReference<>() { });
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    @Test
    void should_refuse_unknown_missing_required_and_mistyped_properties() throws IOException {
        Map<String, Object> ssm = schema("aws-ssm-parameter.json");

        assertThat(check.problems("AWS::SSM::Parameter", ssm, json("{\"Type\": \"String\", \"Value\": \"on\"}"), true))
                .isEmpty();
        assertThat(check.problems("AWS::SSM::Parameter", ssm, json("{\"Type\": \"String\", \"Value\": \"on\","
                + " \"Colour\": \"red\"}"), true)).singleElement().asString().contains("Colour");
        assertThat(check.problems("AWS::SSM::Parameter", ssm, json("{\"Type\": \"String\"}"), true))
                .singleElement().asString().contains("Value");
        assertThat(check.problems("AWS::SSM::Parameter", ssm, json("{\"Type\": \"String\", \"Value\": 7}"), true))
                .singleElement().asString().contains("Value");
    }

    @Test
    void should_check_nested_definitions_such_as_the_shape_of_tags() throws IOException {
        Map<String, Object> sqs = schema("aws-sqs-queue.json");

        assertThat(check.problems("AWS::SQS::Queue", sqs, json("{\"Tags\": [{\"Key\": \"a\", \"Value\": \"b\"}]}"),
                true)).isEmpty();
        assertThat(check.problems("AWS::SQS::Queue", sqs, json("{\"Tags\": [{\"Name\": \"a\", \"Value\": \"b\"}]}"),
                true)).anySatisfy(p -> assertThat(p).contains("Name")).anySatisfy(p -> assertThat(p).contains("Key"));
    }

    @Test
    void should_apply_patch_paths_as_nested_json_pointers() throws IOException {
        ObjectNode state = (ObjectNode) json("{\"Versioning\": {\"Status\": \"Suspended\"}, \"Tags\": [{\"Key\": \"a\"}],"
                + " \"a/b\": 1}");

        JsonPatch.apply(state, json("[{\"op\": \"replace\", \"path\": \"/Versioning/Status\", \"value\": \"Enabled\"},"
                + " {\"op\": \"add\", \"path\": \"/Tags/-\", \"value\": {\"Key\": \"b\"}},"
                + " {\"op\": \"remove\", \"path\": \"/Tags/0\"}, {\"op\": \"remove\", \"path\": \"/a~1b\"}]"));

        assertThat(state).isEqualTo(json("{\"Versioning\": {\"Status\": \"Enabled\"}, \"Tags\": [{\"Key\": \"b\"}]}"));
    }

    @Test
    void should_refuse_a_patch_whose_path_does_not_lead_into_the_state() throws IOException {
        ObjectNode state = (ObjectNode) json("{\"Versioning\": {\"Status\": \"Suspended\"}, \"Tags\": []}");

        assertThatThrownBy(() -> JsonPatch.apply(state, json("[{\"op\": \"add\", \"path\": \"/Logging/Prefix\","
                + " \"value\": \"x\"}]"))).hasMessageContaining("/Logging does not exist");
        assertThatThrownBy(() -> JsonPatch.apply(state, json("[{\"op\": \"replace\", \"path\": \"/Missing\","
                + " \"value\": 1}]"))).hasMessageContaining("/Missing does not exist");
        assertThatThrownBy(() -> JsonPatch.apply(state, json("[{\"op\": \"add\", \"path\": \"/Tags/3\","
                + " \"value\": 1}]"))).hasMessageContaining("out of bounds");
        assertThatThrownBy(() -> JsonPatch.apply(state, json("[{\"op\": \"add\", \"path\": \"Versioning\","
                + " \"value\": 1}]"))).hasMessageContaining("JSON pointer");
    }
}
