package dev.tandem.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.tandem.config.Secrets;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Logger;
import org.junit.jupiter.api.Test;

/** The console layout of log4j2.properties masks secrets in messages and stack traces alike. */
class MaskedConverterTest {

    @Test
    void should_mask_a_secret_in_the_message_and_in_the_stack_trace_of_a_log_line() {
        Secrets.learn(Map.of("TANDEM_MCP_TOKEN", "mcp-token-in-a-log-31d8"));
        Logger logger = (Logger) LogManager.getLogger("dev.tandem.logging.test");
        try (CapturedLog log = CapturedLog.start(Level.DEBUG)) {
            logger.debug("token mcp-token-in-a-log-31d8 at mongodb://user-x:pass-x@db:27017",
                    new IllegalStateException("refused mcp-token-in-a-log-31d8"));

            assertThat(log.text()).contains("token **** at mongodb://****@db:27017")
                    .contains("IllegalStateException: refused ****")
                    .contains("at dev.tandem.logging.MaskedConverterTest")
                    .doesNotContain("mcp-token-in-a-log-31d8").doesNotContain("pass-x");
        }
    }
}
