package dev.tandem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** What {@code java -jar tandem.jar <word>} does with a word it does not know: a script must see the mistake. */
class CommandLineTest {

    @Test
    void should_exit_with_2_naming_an_unknown_command_instead_of_starting() throws Exception {
        Process tandem = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TandemApplication.class.getName(), "pul", "qwen")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String errors = new String(tandem.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(tandem.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(tandem.exitValue()).isEqualTo(2);
        assertThat(errors).startsWith("Unknown command 'pul': `java -jar tandem.jar` runs Tandem");
    }
}
