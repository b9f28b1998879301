package dev.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The one list of what is secret, and masking by value once a secret is known. */
class SecretsTest {

    @Test
    void should_know_every_secret_setting_by_its_property_or_environment_name() {
        assertThat(java.util.List.of("tandem.openai.api.key", "TANDEM_OPENAI_API_KEY", "tandem.mcp.token",
                "TANDEM_MCP_TOKEN", "tandem.documentdb.connections.prod.uri", "TANDEM_DOCUMENTDB_CONNECTIONS_PROD_URI",
                "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "aws.accessKeyId",
                "aws.secretAccessKey", "aws.sessionToken", "SOME_PASSWORD"))
                .allSatisfy(name -> assertThat(Secrets.isSecretName(name)).as(name).isTrue());
        assertThat(java.util.List.of("tandem.llm.max.tokens", "tandem.llm.first.token.timeout.ms",
                "tandem.aws.token.ttl.seconds", "tandem.documentdb.connections", "tandem.http.port", "tandem.es.url"))
                .allSatisfy(name -> assertThat(Secrets.isSecretName(name)).as(name).isFalse());
    }

    @Test
    void should_mask_a_learnt_secret_wherever_it_appears_in_a_text() {
        Secrets.learn(Map.of("TANDEM_OPENAI_API_KEY", "sk-learnt-4f2a9", "TANDEM_HTTP_PORT", "18080"));

        assertThat(Secrets.maskText("Authorization: Bearer sk-learnt-4f2a9 sent to port 18080"))
                .isEqualTo("Authorization: Bearer **** sent to port 18080");
    }

    @Test
    void should_mask_the_credentials_of_a_url_as_written_decoded_and_as_a_basic_header() {
        Secrets.learn("tandem.es.url", "https://es-user-77c1:p%40ss-77c1@es.example.com:9243");
        String basic = Base64.getEncoder().encodeToString("es-user-77c1:p@ss-77c1".getBytes(StandardCharsets.UTF_8));

        assertThat(Secrets.maskText("user es-user-77c1, password p@ss-77c1, header Basic " + basic))
                .isEqualTo("user ****, password ****, header Basic ****");
    }

    @Test
    void should_mask_a_user_name_as_a_whole_word_only() {
        Secrets.learn("tandem.es.url", "https://elastic:es-pass-5d1f@es.example.com:9243");

        assertThat(Secrets.maskText("elasticsearch at es.example.com, user elastic"))
                .isEqualTo("elasticsearch at es.example.com, user ****");
    }

    @Test
    void should_mask_credentials_in_any_url_even_unknown_ones() {
        assertThat(Secrets.maskText("connecting to mongodb://someone:unknown-9a@db.example.com:27017/x"))
                .isEqualTo("connecting to mongodb://****@db.example.com:27017/x");
    }

    @Test
    void should_not_mask_values_too_short_to_be_told_from_ordinary_words() {
        Secrets.learn("SOME_TOKEN", "abc");

        assertThat(Secrets.maskText("abc")).isEqualTo("abc");
    }
}
