package dev.tandem.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tandem.RunningTandem;
import dev.tandem.TestElasticsearch;
import dev.tandem.config.DotEnv;
import dev.tandem.logging.CapturedLog;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Named API keys written in .env, as a deployment writes them: admitted with their scopes, their tokens never logged. */
class ApiKeysFromDotEnvTest {

    private static final String CI_TOKEN = "ci-token-from-dotenv-5e7d1a";

    @TempDir
    Path work;

    @Test
    void should_admit_a_key_from_dot_env_with_its_scopes_and_never_log_its_token() throws Exception {
        DotEnv dotEnv = DotEnv.parse(List.of("TANDEM_API_KEYS=ci", "TANDEM_API_KEYS_CI_TOKEN=" + CI_TOKEN,
                "TANDEM_API_KEYS_CI_SCOPES=search"));
        String log;
        try (CapturedLog captured = CapturedLog.start(Level.DEBUG);
                RunningTandem tandem = RunningTandem.startWithDotEnv(dotEnv, Map.of(
                        "tandem.es.url", TestElasticsearch.url().toString(),
                        "tandem.es.index", "test-keys-" + UUID.randomUUID().toString().substring(0, 8),
                        "tandem.inbox", work.resolve("inbox").toString(),
                        "tandem.data.dir", work.resolve("data").toString()))) {
            assertThat(tandem.get("/api/search?q=anything&mode=bm25").statusCode()).isEqualTo(401);
            tandem.authorizeWith(CI_TOKEN);
            assertThat(tandem.get("/api/search?q=anything&mode=bm25").statusCode()).isEqualTo(200);
            assertThat(tandem.get("/observe/metrics").statusCode()).isEqualTo(403);
            tandem.authorizeWith(CI_TOKEN + "-wrong");
            assertThat(tandem.get("/api/search?q=anything&mode=bm25").statusCode()).isEqualTo(401);
            log = captured.text();
        }
        assertThat(log).contains("API keys [ci [search]]").doesNotContain(CI_TOKEN);
    }
}
