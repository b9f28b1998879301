package dev.tandem.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import dev.tandem.config.ProjectConfiguration.ApiKey;
import dev.tandem.config.Secrets;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    private final ApiKeys keys = new ApiKeys(Optional.of("operator-token-000000"), List.of(
            new ApiKey("console", "console-token-1111111", List.of("search", "ask"), 0),
            new ApiKey("ci", "ci-token-222222222222", List.of("tools", "write-tools"), 60)));

    @Test
    void should_name_the_key_a_bearer_token_belongs_to_with_its_scopes() {
        Caller console = keys.identify("Bearer console-token-1111111").orElseThrow();

        assertThat(console.name()).isEqualTo("console");
        assertThat(console.scopes()).containsExactlyInAnyOrder(Scope.SEARCH, Scope.ASK);
        assertThat(keys.identify("bearer ci-token-222222222222").orElseThrow().requestsPerMinute()).isEqualTo(60);
    }

    @Test
    void should_give_the_one_token_every_scope() {
        assertThat(keys.identify("Bearer operator-token-000000").orElseThrow().scopes())
                .containsExactlyInAnyOrder(Scope.values());
    }

    @Test
    void should_identify_nobody_by_a_near_miss_or_another_scheme() {
        for (String authorization : List.of("Bearer console-token-111111", "Bearer console-token-11111111",
                "Basic Y29uc29sZS10b2tlbi0xMTExMTEx", "console-token-1111111", "Bearer", "")) {
            assertThat(keys.identify(authorization)).as(authorization).isEmpty();
        }
        assertThat(keys.identify(null)).isEmpty();
    }

    @Test
    void should_admit_everyone_with_every_scope_when_no_credential_is_configured() {
        ApiKeys none = new ApiKeys(Optional.empty(), List.of());

        assertThat(none.required()).isFalse();
        assertThat(none.identify(null).orElseThrow().scopes()).containsExactlyInAnyOrder(Scope.values());
    }

    @Test
    void should_carry_the_caller_from_the_guard_to_the_routes_in_one_header() {
        Caller console = keys.identify("Bearer console-token-1111111").orElseThrow();

        Caller carried = Caller.fromHeader(console.header()).orElseThrow();

        assertThat(carried.name()).isEqualTo("console");
        assertThat(carried.scopes()).isEqualTo(console.scopes());
        assertThat(Caller.fromHeader(null)).isEmpty();
    }

    @Test
    void should_treat_every_api_keys_token_as_a_secret_and_its_name_scopes_and_limit_as_plain_settings() {
        assertThat(Secrets.isSecretName("TANDEM_API_KEYS_CI_TOKEN")).isTrue();
        assertThat(Secrets.isSecretName("tandem.api.keys.console.token")).isTrue();
        assertThat(Secrets.isSecretName("TANDEM_API_KEYS")).isFalse();
        assertThat(Secrets.isSecretName("TANDEM_API_KEYS_CI_SCOPES")).isFalse();
        assertThat(new ApiKey("ci", "ci-token-222222222222", List.of("tools"), 0).toString())
                .doesNotContain("ci-token-222222222222");
    }

    @Test
    void should_ask_for_admin_on_a_path_it_does_not_know() {
        assertThat(Scope.forPath("/api/search")).isEqualTo(Scope.SEARCH);
        assertThat(Scope.forPath("/v1/chat/completions")).isEqualTo(Scope.ASK);
        assertThat(Scope.forPath("/api/games/turtle-soup/games")).isEqualTo(Scope.ASK);
        assertThat(Scope.forPath("/api/tools/ingest_file")).isEqualTo(Scope.TOOLS);
        assertThat(Scope.forPath("/observe/metrics")).isEqualTo(Scope.ADMIN);
        assertThat(Scope.forPath("/api/mcp/servers")).isEqualTo(Scope.ADMIN);
        assertThat(Scope.forPath("/api/searching")).isEqualTo(Scope.ADMIN);
    }
}
