package dev.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ProjectConfigurationTest {

    private static final ApplicationProperties DEFAULTS = ApplicationProperties.read();

    /** These settings over the defaults of application.properties, as Camel resolves them when no variable is set. */
    private static ProjectConfiguration load(Map<String, String> properties) {
        return ProjectConfiguration.load(key -> Optional.ofNullable(properties.get(key)).or(() -> DEFAULTS.defaultOf(key)));
    }

    @Test
    void should_use_the_documented_defaults() {
        ProjectConfiguration config = load(Map.of());
        assertThat(config.http().host()).isEqualTo("127.0.0.1");
        assertThat(config.http().port()).isEqualTo(8080);
        assertThat(config.ingest().inboxes()).containsExactly(Path.of("./inbox"));
        assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(config.elasticsearch().devService()).isTrue();
        assertThat(config.embeddingModel()).isEqualTo("all-minilm-l6-v2-q");
        assertThat(config.s3().enabled()).isFalse();
    }

    @Test
    void should_share_the_configured_mcp_state_key_and_refuse_one_that_is_not_32_bytes_of_base64() {
        String key = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        ServerKey shared = load(Map.of("tandem.mcp.state.key", key)).mcp().stateless().stateKey();
        assertThat(shared.shared()).isTrue();
        assertThat(shared.derive("a")).isEqualTo(load(Map.of("tandem.mcp.state.key", key)).mcp().stateless()
                .stateKey().derive("a")).isNotEqualTo(shared.derive("b"));
        assertThat(load(Map.of()).mcp().stateless().stateKey().shared()).isFalse();
        assertThatThrownBy(() -> load(Map.of("tandem.mcp.state.key", "c2hvcnQ=")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("TANDEM_MCP_STATE_KEY")
                .hasMessageContaining("32 random bytes in base64");
    }

    @Test
    void should_take_an_s3_prefix_as_written() {
        assertThat(load(Map.of("tandem.s3.prefix", " q1+q2/100%/ ")).s3().prefix()).isEqualTo("q1+q2/100%/");
        // no longer in an endpoint URI (RAW(...) ended at the first ")&"): any key prefix goes
        assertThat(load(Map.of("tandem.s3.prefix", "drafts)&final/")).s3().prefix()).isEqualTo("drafts)&final/");
    }

    @Test
    void should_read_a_comma_separated_list_of_inboxes() {
        assertThat(load(Map.of("tandem.inbox", " docs , more/docs,")).ingest().inboxes())
                .containsExactly(Path.of("docs"), Path.of("more/docs"));
    }

    /** Two watchers of one Tandem on the same files read each twice, and the second move deleted the first's copy. */
    @Test
    void should_refuse_inboxes_that_overlap() {
        assertThatThrownBy(() -> load(Map.of("tandem.inbox", "inbox,docs,./inbox/")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Setting TANDEM_INBOX (tandem.inbox) is 'inbox,docs,./inbox/': expected folders listed once"
                        + " each (inbox and ./inbox are one folder).");
        assertThatThrownBy(() -> load(Map.of("tandem.inbox", "inbox/papers,inbox")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Setting TANDEM_INBOX (tandem.inbox) is 'inbox/papers,inbox': expected folders none of which"
                        + " is inside another (inbox/papers is inside inbox, which is watched with its subfolders"
                        + " already).");
        assertThat(load(Map.of("tandem.inbox", "inbox,inbox-2,inboxes/a")).ingest().inboxes())
                .containsExactly(Path.of("inbox"), Path.of("inbox-2"), Path.of("inboxes/a"));
    }

    @Test
    void should_refuse_a_data_folder_inside_a_watched_one() {
        assertThatThrownBy(() -> load(Map.of("tandem.inbox", "docs,inbox", "tandem.data.dir", "./inbox/tandem-data")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("TANDEM_DATA_DIR (./inbox/tandem-data) is inside the watched folder inbox (TANDEM_INBOX), so"
                        + " Tandem would ingest its own data: put one outside the other.");
        assertThat(load(Map.of("tandem.inbox", "data/inbox", "tandem.data.dir", "data")).dataDir())
                .isEqualTo(Path.of("data"));
    }

    @Test
    void should_name_the_setting_and_the_accepted_values_when_a_value_is_bad() {
        assertThatThrownBy(() -> load(Map.of("tandem.http.port", "eighty")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Setting TANDEM_HTTP_PORT (tandem.http.port) is 'eighty': expected a whole number from 1 to 65535.");
        assertThatThrownBy(() -> load(Map.of("tandem.embedding.model", "gpt")))
                .hasMessageContaining("TANDEM_EMBEDDING_MODEL").hasMessageContaining("all-minilm-l6-v2-q, bge-small-en-v1.5-q");
        assertThatThrownBy(() -> load(Map.of("tandem.ingest.keep", "maybe")))
                .hasMessageContaining("TANDEM_INGEST_KEEP").hasMessageContaining("true or false");
        assertThatThrownBy(() -> load(Map.of("tandem.es.url", "localhost:9200")))
                .hasMessageContaining("TANDEM_ES_URL").hasMessageContaining("http:// or https:// URL");
    }

    @Test
    void should_read_the_http_worker_count_and_refuse_one_that_is_not_a_whole_number_from_1_to_10000() {
        assertThat(load(Map.of()).http().workers()).isEqualTo(200);
        assertThat(load(Map.of("tandem.http.workers", " 4 ")).http().workers()).isEqualTo(4);
        assertThatThrownBy(() -> load(Map.of("tandem.http.workers", "abc")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Setting TANDEM_HTTP_WORKERS (tandem.http.workers) is 'abc': expected a whole number"
                        + " from 1 to 10000.");
        assertThatThrownBy(() -> load(Map.of("tandem.http.workers", "0")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Setting TANDEM_HTTP_WORKERS (tandem.http.workers) is '0': expected a whole number"
                        + " from 1 to 10000.");
    }

    @Test
    void should_refuse_a_health_timeout_that_would_keep_health_from_answering_within_two_seconds() {
        assertThat(load(Map.of("tandem.es.health.timeout.ms", "1500")).elasticsearch().healthTimeout().toMillis())
                .isEqualTo(1500);
        assertThatThrownBy(() -> load(Map.of("tandem.es.health.timeout.ms", "5000")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("TANDEM_ES_HEALTH_TIMEOUT_MS").hasMessageContaining("from 100 to 1500");
    }

    @Test
    void should_not_show_a_password_from_a_bad_url_in_the_message() {
        assertThatThrownBy(() -> load(Map.of("tandem.es.url", "ftp://elastic:s3cret@host")))
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void should_mask_credentials_when_describing_the_settings() {
        ProjectConfiguration config = load(Map.of("tandem.es.url", "https://elastic:s3cret@es.example.com:9243"));
        assertThat(config.describe().get("elasticsearch")).isEqualTo("https://****@es.example.com:9243")
                .doesNotContain("s3cret");
    }

    @Test
    void should_prefer_the_environment_to_dot_env_to_the_default() {
        DotEnv dotEnv = DotEnv.parse(List.of("# comment", "export TANDEM_TEST_ONLY_X=from-dotenv",
                "PATH=from-dotenv", "QUOTED=\"a b\" ", "TRAILING=value # note"));
        EnvironmentFunction env = new EnvironmentFunction(dotEnv);
        assertThat(env.apply("TANDEM_TEST_ONLY_X:default")).isEqualTo("from-dotenv");
        assertThat(env.apply("PATH:default")).isEqualTo(System.getenv("PATH"));
        assertThat(env.apply("TANDEM_TEST_ONLY_MISSING:fallback")).isEqualTo("fallback");
        assertThat(env.apply("QUOTED")).isEqualTo("a b");
        assertThat(env.apply("TRAILING")).isEqualTo("value");
    }

    @Test
    void should_mask_secret_settings_by_name() {
        assertThat(Secrets.mask("TANDEM_OPENAI_API_KEY", "sk-123")).isEqualTo("****");
        assertThat(Secrets.mask("tandem.http.port", "8080")).isEqualTo("8080");
    }

    @Test
    void should_refuse_to_listen_beyond_loopback_without_an_mcp_token() {
        assertThatThrownBy(() -> load(Map.of("tandem.http.host", "0.0.0.0")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("refuses to listen on 0.0.0.0 without a token")
                .hasMessageContaining("TANDEM_MCP_TOKEN");
        assertThat(load(Map.of("tandem.http.host", "0.0.0.0", "tandem.mcp.token", "s3cret")).http().host())
                .isEqualTo("0.0.0.0");
    }

    @Test
    void should_read_named_api_keys_with_their_scopes_and_limits() {
        ProjectConfiguration config = load(Map.of("tandem.api.keys", "console, ci",
                "tandem.api.keys.console.token", "console-token-1111111",
                "tandem.api.keys.ci.token", "ci-token-222222222222", "tandem.api.keys.ci.scopes", "tools, write-tools",
                "tandem.api.keys.ci.rpm", "120"));

        assertThat(config.http().apiKeys()).extracting(ProjectConfiguration.ApiKey::name).containsExactly("console",
                "ci");
        assertThat(config.http().apiKeys().get(0).scopes()).containsExactly("search", "ask", "tools");
        assertThat(config.http().apiKeys().get(1).scopes()).containsExactly("tools", "write-tools");
        assertThat(config.http().apiKeys().get(1).requestsPerMinute()).isEqualTo(120);
        assertThat(config.describe().toString()).contains("console", "ci").doesNotContain("1111111", "2222222");
        assertThat(load(Map.of("tandem.http.host", "0.0.0.0", "tandem.api.keys", "ci",
                "tandem.api.keys.ci.token", "ci-token-222222222222")).http().host()).isEqualTo("0.0.0.0");
    }

    @Test
    void should_refuse_an_api_key_without_a_token_with_a_short_or_shared_one_or_an_unknown_scope() {
        assertThatThrownBy(() -> load(Map.of("tandem.api.keys", "ci")))
                .hasMessageContaining("API key 'ci' has no token").hasMessageContaining("TANDEM_API_KEYS_CI_TOKEN");
        assertThatThrownBy(() -> load(Map.of("tandem.api.keys", "ci", "tandem.api.keys.ci.token", "short")))
                .hasMessageContaining("shorter than 16 characters").hasMessageNotContaining("short'");
        assertThatThrownBy(() -> load(Map.of("tandem.api.keys", "a,b", "tandem.api.keys.a.token", "same-token-12345678",
                "tandem.api.keys.b.token", "same-token-12345678"))).hasMessageContaining("each key needs its own");
        assertThatThrownBy(() -> load(Map.of("tandem.api.keys", "ci", "tandem.api.keys.ci.token",
                "ci-token-222222222222", "tandem.api.keys.ci.scopes", "tools,root")))
                .hasMessageContaining("TANDEM_API_KEYS_CI_SCOPES").hasMessageContaining("write-tools, admin");
        assertThatThrownBy(() -> load(Map.of("tandem.api.keys", "ci", "tandem.api.keys.ci.token",
                "ci-token-222222222222", "tandem.api.keys.ci.rpm", "lots")))
                .hasMessageContaining("TANDEM_API_KEYS_CI_RPM");
        assertThatThrownBy(() -> load(Map.of("tandem.api.keys", "CI"))).hasMessageContaining("lower case");
    }

    @Test
    void should_read_the_llm_settings_and_refuse_an_unknown_provider_or_strategy() {
        ProjectConfiguration.Llm llm = load(Map.of("tandem.provider", "openai", "tandem.llm.strategy", "race",
                "tandem.llm.provider.timeout.ms", "1500")).llm();
        assertThat(llm.provider()).isEqualTo("openai");
        assertThat(llm.strategy()).isEqualTo("race");
        assertThat(llm.providerTimeout()).hasMillis(1500);
        assertThatThrownBy(() -> load(Map.of("tandem.provider", "azure")))
                .hasMessageContaining("TANDEM_PROVIDER").hasMessageContaining("bedrock, openai, none");
        assertThatThrownBy(() -> load(Map.of("tandem.llm.strategy", "fastest")))
                .hasMessageContaining("TANDEM_LLM_STRATEGY").hasMessageContaining("hedge");
    }
}
