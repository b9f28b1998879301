package dev.tandem.mcp.modern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class EraTest {

    private static final Map<String, Object> MODERN_BODY = Map.of("jsonrpc", "2.0", "id", 1, "method", "tools/list",
            "params", Map.of("_meta", Map.of("io.modelcontextprotocol/protocolVersion", "2026-07-28")));
    private static final Map<String, Object> LEGACY_BODY = Map.of("jsonrpc", "2.0", "id", 1, "method", "tools/list");

    @Test
    void should_serve_a_request_with_the_2026_07_28_header_statelessly_whatever_its_body() {
        assertThat(Era.of("2026-07-28", null, null, LEGACY_BODY)).isEqualTo(Era.MODERN);
        assertThat(Era.of("2026-07-28", null, "session-1", Map.of("method", "initialize"))).isEqualTo(Era.MODERN);
    }

    @Test
    void should_keep_a_2025_version_header_on_the_session_path_even_with_modern_meta() {
        assertThat(Era.of("2025-11-25", "tools/list", null, MODERN_BODY)).isEqualTo(Era.LEGACY);
        assertThat(Era.of("2025-03-26", null, null, LEGACY_BODY)).isEqualTo(Era.LEGACY);
    }

    @Test
    void should_read_the_era_from_meta_when_the_header_is_absent() {
        assertThat(Era.of(null, null, null, MODERN_BODY)).isEqualTo(Era.MODERN);
        assertThat(Era.of(null, null, null, LEGACY_BODY)).isEqualTo(Era.LEGACY);
        assertThat(Era.of(null, null, null, null)).isEqualTo(Era.LEGACY);
    }

    @Test
    void should_keep_initialize_and_session_requests_on_the_session_path_without_a_header() {
        assertThat(Era.of(null, null, null, Map.of("method", "initialize", "params", Map.of("_meta", Map.of(
                "io.modelcontextprotocol/protocolVersion", "2026-07-28"))))).isEqualTo(Era.LEGACY);
        assertThat(Era.of(null, null, "session-1", MODERN_BODY)).isEqualTo(Era.LEGACY);
    }

    @Test
    void should_send_an_unknown_version_to_the_modern_path_only_when_the_client_speaks_it() {
        assertThat(Era.of("2099-01-01", "tools/list", null, LEGACY_BODY)).isEqualTo(Era.MODERN);
        assertThat(Era.of("2099-01-01", null, null, MODERN_BODY)).isEqualTo(Era.MODERN);
        assertThat(Era.of("2099-01-01", null, null, LEGACY_BODY)).isEqualTo(Era.LEGACY);
    }
}
