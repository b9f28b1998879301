package dev.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * The one list of what is secret, and masking by value once a secret is known. What Secrets learns lives as long as
 * the JVM, so every test learns values of its own making ({@link #fresh}): a value an earlier test (or an earlier
 * run of the same test, as mutation testing makes) taught it cannot make a test pass.
 */
class SecretsTest {

    @Test
    void should_know_every_secret_setting_by_its_property_or_environment_name() {
        assertThat(List.of("tandem.openai.api.key", "TANDEM_OPENAI_API_KEY", "tandem.mcp.token",
                "TANDEM_MCP_TOKEN", "tandem.documentdb.connections.prod.uri", "TANDEM_DOCUMENTDB_CONNECTIONS_PROD_URI",
                "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "aws.accessKeyId",
                "aws.secretAccessKey", "aws.sessionToken", "SOME_PASSWORD"))
                .allSatisfy(name -> assertThat(Secrets.isSecretName(name)).as(name).isTrue());
        assertThat(List.of("tandem.llm.max.tokens", "tandem.llm.first.token.timeout.ms",
                "tandem.aws.token.ttl.seconds", "tandem.documentdb.connections", "tandem.http.port", "tandem.es.url"))
                .allSatisfy(name -> assertThat(Secrets.isSecretName(name)).as(name).isFalse());
    }

    @Test
    void should_mask_a_learnt_secret_wherever_it_appears_in_a_text() {
        String key = fresh("sk-learnt-");
        Secrets.learn(Map.of("TANDEM_OPENAI_API_KEY", key, "TANDEM_HTTP_PORT", "18080"));

        assertThat(Secrets.maskText("Authorization: Bearer " + key + " sent to port 18080"))
                .isEqualTo("Authorization: Bearer **** sent to port 18080");
    }

    @Test
    void should_mask_a_value_learnt_as_secret_whatever_names_it() {
        String value = fresh("expanded-");

        Secrets.learnValue(value);

        assertThat(Secrets.maskText("header X-Key: " + value)).isEqualTo("header X-Key: ****");
    }

    @Test
    void should_learn_the_credentials_of_a_url_learnt_as_a_secret_value() {
        String password = fresh("pw-");

        Secrets.learnValue("https://svc-user:" + password + "@mcp.example.com/mcp");

        assertThat(Secrets.maskText("password " + password)).isEqualTo("password ****");
    }

    @Test
    void should_mask_the_credentials_of_a_url_as_written_decoded_and_as_a_basic_header() {
        String user = fresh("es-user-");
        String password = fresh("p@ss-");
        Secrets.learn("tandem.es.url", "https://" + user + ":" + password.replace("@", "%40") + "@es.example.com:9243");
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));

        assertThat(Secrets.maskText("user " + user + ", password " + password + ", header Basic " + basic))
                .isEqualTo("user ****, password ****, header Basic ****");
        assertThat(Secrets.maskText("as written " + password.replace("@", "%40"))).isEqualTo("as written ****");
    }

    @Test
    void should_mask_a_user_name_as_a_whole_word_only() {
        String user = fresh("elastic");
        Secrets.learn("tandem.es.url", "https://" + user + ":" + fresh("es-pass-") + "@es.example.com:9243");

        assertThat(Secrets.maskText(user + "search at es.example.com, user " + user))
                .isEqualTo(user + "search at es.example.com, user ****");
    }

    @Test
    void should_mask_a_percent_encoded_user_name_as_written_and_decoded() {
        String user = fresh("j.doe-");
        String written = user.replace(".", "%2E");
        Secrets.learn("tandem.es.url", "https://" + written + ":" + fresh("pass-") + "@es.example.com");

        assertThat(Secrets.maskText("user " + user + ", in the URL " + written)).isEqualTo("user ****, in the URL ****");
    }

    @Test
    void should_mask_user_names_of_four_characters_or_more_and_leave_shorter_ones() {
        String four = fresh("").substring(0, 4);
        String three = fresh("").substring(0, 3);
        Secrets.learn("tandem.es.url", "https://" + four + ":" + fresh("pass-") + "@es.example.com");
        Secrets.learn("tandem.es.url", "https://" + three + ":" + fresh("pass-") + "@es.example.com");

        assertThat(Secrets.maskText("users " + four + " and " + three)).isEqualTo("users **** and " + three);
    }

    @Test
    void should_mask_credentials_in_any_url_even_unknown_ones() {
        assertThat(Secrets.maskText("connecting to mongodb://someone:unknown-9a@db.example.com:27017/x"))
                .isEqualTo("connecting to mongodb://****@db.example.com:27017/x");
    }

    @Test
    void should_mask_a_secret_that_contains_another_whole() {
        String shorter = fresh("tok-");
        String longer = shorter + "-extended";
        Secrets.learnValue(shorter);
        Secrets.learnValue(longer);

        assertThat(Secrets.maskText("token " + longer + ".")).isEqualTo("token ****.");
    }

    @Test
    void should_show_a_setting_masked_by_its_name_or_by_the_credentials_in_its_url() {
        assertThat(Secrets.mask("tandem.openai.api.key", "anything-at-all")).isEqualTo("****");
        assertThat(Secrets.mask("tandem.es.url", "https://u:" + fresh("pw-") + "@es.example.com"))
                .isEqualTo("https://****@es.example.com");
        assertThat(Secrets.mask("tandem.http.port", "18080")).isEqualTo("18080");
        assertThat(Secrets.mask("tandem.openai.api.key", "")).isEmpty();
        assertThat(Secrets.mask("tandem.openai.api.key", null)).isNull();
        assertThat(Secrets.mask(URI.create("mongodb://app:" + fresh("pw-") + "@db.example.com:27017/x")))
                .isEqualTo("mongodb://****@db.example.com:27017/x");
    }

    @Test
    void should_leave_empty_text_as_it_is() {
        assertThat(Secrets.maskText("")).isEmpty();
        assertThat(Secrets.maskText(null)).isNull();
    }

    @Test
    void should_not_mask_values_too_short_to_be_told_from_ordinary_words() {
        Secrets.learn("SOME_TOKEN", "abc");
        Secrets.learnValue("   ");

        assertThat(Secrets.maskText("abc")).isEqualTo("abc");
        assertThat(Secrets.maskText("a   b")).isEqualTo("a   b");
    }

    /** A value no test has taught Secrets before: the prefix and 12 random hex digits. */
    private static String fresh(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
