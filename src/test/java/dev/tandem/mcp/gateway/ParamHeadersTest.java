package dev.tandem.mcp.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ParamHeadersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void should_mirror_marked_arguments_at_their_property_path_and_omit_absent_ones() throws Exception {
        ParamHeaders marks = ParamHeaders.of(json("""
                {"type": "object", "properties": {
                  "region": {"type": "string", "x-mcp-header": "Region"},
                  "target": {"type": "object", "properties": {"id": {"type": "integer", "x-mcp-header": "Target-Id"}}},
                  "dry": {"type": "boolean", "x-mcp-header": "Dry"},
                  "query": {"type": "string"}}}"""));

        assertThat(marks.headers(json("""
                {"region": "eu", "target": {"id": 42}, "query": "q"}""")))
                .containsExactly(Map.entry("Region", "eu"), Map.entry("Target-Id", "42"));
        assertThat(marks.headers(json("""
                {"dry": false, "region": null}"""))).containsExactly(
                Map.entry("Dry", "false"));
    }

    @Test
    void should_reject_marks_the_revision_forbids() {
        assertThatThrownBy(() -> ParamHeaders.of(json("""
                {"properties": {"amount": {"type": "number", "x-mcp-header": "Amount"}}}""")))
                .hasMessageContaining("on a number property");
        assertThatThrownBy(() -> ParamHeaders.of(json("""
                {"properties": {"tags": {"type": "array", "items": {"type": "string", "x-mcp-header": "Tag"}}}}""")))
                .hasMessageContaining("under items");
        assertThatThrownBy(() -> ParamHeaders.of(json("""
                {"properties": {"a": {"type": "string", "x-mcp-header": "Key"},
                                "b": {"type": "string", "x-mcp-header": "key"}}}""")))
                .hasMessageContaining("used twice");
        assertThatThrownBy(() -> ParamHeaders.of(json("""
                {"properties": {"a": {"type": "string", "x-mcp-header": "has space"}}}""")))
                .hasMessageContaining("not an HTTP header name token");
    }

    @Test
    void should_send_a_header_value_as_base64_when_it_is_not_plain_ascii() {
        assertThat(ModernRequests.headerValue("us-west1")).isEqualTo("us-west1");
        assertThat(ModernRequests.headerValue("Hello, 世界")).isEqualTo("=?base64?SGVsbG8sIOS4lueVjA==?=");
        assertThat(ModernRequests.headerValue(" padded ")).isEqualTo("=?base64?IHBhZGRlZCA=?=");
        assertThat(ModernRequests.headerValue("=?base64?literal?=")).isEqualTo("=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?=");
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
