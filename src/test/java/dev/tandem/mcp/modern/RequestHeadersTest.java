package dev.tandem.mcp.modern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.mcp.gateway.ParamHeaders;

import org.junit.jupiter.api.Test;

class RequestHeadersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ParamHeaders MARKS = marks();

    @Test
    void should_accept_headers_that_name_the_method_and_tool_of_the_body() {
        assertThat(RequestHeaders.mismatch(Map.of("Mcp-Method", "tools/call", "Mcp-Name", "search_documents")::get,
                "tools/call", Map.of("name", "search_documents"))).isEmpty();
        assertThat(RequestHeaders.mismatch(Map.of("Mcp-Method", "tools/list")::get, "tools/list", Map.of()))
                .isEmpty();
    }

    @Test
    void should_refuse_a_method_header_that_is_missing_or_names_another_method() {
        assertThat(RequestHeaders.mismatch(Map.<String, String>of()::get, "tools/list", Map.of())).get()
                .asString().contains("missing");
        assertThat(RequestHeaders.mismatch(Map.of("Mcp-Method", "tools/call")::get, "tools/list", Map.of())).get()
                .asString().contains("'tools/call'", "'tools/list'");
    }

    @Test
    void should_refuse_a_name_header_that_is_missing_or_names_another_resource() {
        assertThat(RequestHeaders.mismatch(Map.of("Mcp-Method", "resources/read")::get, "resources/read",
                Map.of("uri", "model://a"))).get().asString().contains("Mcp-Name", "missing");
        assertThat(RequestHeaders.mismatch(Map.of("Mcp-Method", "resources/read", "Mcp-Name", "model://b")::get,
                "resources/read", Map.of("uri", "model://a"))).isPresent();
    }

    @Test
    void should_compare_a_base64_encoded_value_once_decoded() {
        // "résumé" in UTF-8, as a client must send a value that is not plain ASCII
        assertThat(RequestHeaders.mismatch(Map.of("Mcp-Method", "prompts/get", "Mcp-Name",
                "=?base64?csOpc3Vtw6k=?=")::get, "prompts/get", Map.of("name", "résumé"))).isEmpty();
        assertThat(RequestHeaders.decoded("=?base64?not base64!?=")).isEqualTo("=?base64?not base64!?=");
        assertThat(RequestHeaders.decoded("plain")).isEqualTo("plain");
    }

    @Test
    void should_accept_param_headers_that_carry_the_marked_arguments_plain_or_encoded() throws Exception {
        assertThat(RequestHeaders.paramMismatch(Map.of("Mcp-Param-Region", "eu-west-1", "Mcp-Param-Limit",
                "=?base64?NDI=?=")::get, MARKS, arguments("{\"region\": \"eu-west-1\", \"limit\": 42}"))).isEmpty();
        // no value in the body, no header expected
        assertThat(RequestHeaders.paramMismatch(Map.<String, String>of()::get, MARKS, arguments("{}"))).isEmpty();
        // a value that only looks encoded is taken as it is
        assertThat(RequestHeaders.paramMismatch(Map.of("Mcp-Param-Region", "=?base64?SGVsbG8=")::get, MARKS,
                arguments("{\"region\": \"=?base64?SGVsbG8=\"}"))).isEmpty();
    }

    @Test
    void should_refuse_a_param_header_that_is_missing_different_unpadded_or_without_its_argument() throws Exception {
        assertThat(RequestHeaders.paramMismatch(Map.<String, String>of()::get, MARKS,
                arguments("{\"region\": \"eu-west-1\"}"))).get().asString().contains("Mcp-Param-Region", "missing");
        assertThat(RequestHeaders.paramMismatch(Map.of("Mcp-Param-Region", "us-east-1")::get, MARKS,
                arguments("{\"region\": \"eu-west-1\"}"))).get().asString().contains("arguments.region");
        // "Hello" without its padding: the JDK would decode it, the revision does not
        assertThat(RequestHeaders.paramMismatch(Map.of("Mcp-Param-Region", "=?base64?SGVsbG8?=")::get, MARKS,
                arguments("{\"region\": \"Hello\"}"))).get().asString().contains("not valid base64");
        assertThat(RequestHeaders.paramMismatch(Map.of("Mcp-Param-Region", "=?base64?SGVs!!!bG8=?=")::get, MARKS,
                arguments("{\"region\": \"Hello\"}"))).get().asString().contains("not valid base64");
        assertThat(RequestHeaders.paramMismatch(Map.of("Mcp-Param-Region", "eu-west-1")::get, MARKS,
                arguments("{}"))).get().asString().contains("not in the body");
    }

    private static ParamHeaders marks() {
        try {
            return ParamHeaders.of(JSON.readTree("""
                    {"type": "object", "properties": {
                      "region": {"type": "string", "x-mcp-header": "Region"},
                      "limit": {"type": "integer", "x-mcp-header": "Limit"}}}"""));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode arguments(String json) throws Exception {
        return JSON.readTree(json);
    }
}
