package dev.tandem.mcp.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.tandem.config.Secrets;

/** ${NAME} and ${env:NAME} in mcp.json: expanded from the environment, learnt as secrets, clear errors otherwise. */
class PlaceholdersTest {

    /** Secrets lives as long as the JVM: a token of this test's own, so that no earlier run can have taught it. */
    private final String token = "ghp-" + UUID.randomUUID();
    private final Placeholders placeholders = new Placeholders(name -> Optional.ofNullable(Map.of(
            "GITHUB_TOKEN", token,
            "API_HOST", "api.example.com",
            "ODD_VALUE", "a$1\\b-73e0").get(name)));

    @Test
    void should_replace_both_forms_of_placeholder_and_leave_the_rest_of_the_text_as_it_is() {
        assertThat(placeholders.expand("https://${API_HOST}/mcp?key=${env:GITHUB_TOKEN}&v=1", "servers.x.url"))
                .isEqualTo("https://api.example.com/mcp?key=" + token + "&v=1");
        assertThat(placeholders.expand("no placeholder, not even $API_HOST", "servers.x.url"))
                .isEqualTo("no placeholder, not even $API_HOST");
    }

    @Test
    void should_put_a_value_in_as_it_is_even_with_dollars_and_backslashes() {
        assertThat(placeholders.expand("[${ODD_VALUE}]", "servers.x.env.ODD")).isEqualTo("[a$1\\b-73e0]");
    }

    @Test
    void should_learn_every_value_it_puts_in_as_a_secret() {
        placeholders.expand("Bearer ${GITHUB_TOKEN}", "servers.github.headers.Authorization");

        assertThat(Secrets.maskText("token " + token + " in a log line")).isEqualTo("token **** in a log line");
    }

    @Test
    void should_name_the_field_and_the_variable_when_the_variable_is_set_nowhere() {
        assertThatThrownBy(() -> placeholders.expand("${env:MISSING_VAR}", "servers.github.env.TOKEN"))
                .isInstanceOf(Placeholders.ServerProblem.class)
                .hasMessage("servers.github.env.TOKEN needs ${MISSING_VAR}, which is set neither in the environment"
                        + " nor in .env");
    }

    @Test
    void should_refuse_a_placeholder_of_another_form() {
        assertThatThrownBy(() -> placeholders.expand("${API_HOST:-localhost}", "servers.x.url"))
                .isInstanceOf(Placeholders.ServerProblem.class)
                .hasMessage("servers.x.url has the placeholder ${API_HOST:-localhost}: only ${NAME} and ${env:NAME}"
                        + " are supported");
        assertThatThrownBy(() -> placeholders.expand("${1ST}", "servers.x.url"))
                .isInstanceOf(Placeholders.ServerProblem.class);
    }
}
