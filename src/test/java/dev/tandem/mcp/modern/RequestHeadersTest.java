package dev.tandem.mcp.modern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class RequestHeadersTest {

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
}
