package dev.tandem.search;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.tandem.config.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dev service and a data directory another Tandem still uses. */
class ElasticsearchDevServiceTest {

    @TempDir
    Path work;

    @Test
    void should_refuse_a_data_directory_whose_tandem_still_runs_instead_of_stopping_its_node() throws Exception {
        // another JVM that stays up until its input closes, standing in for the first Tandem (run from source)
        Path program = Files.writeString(work.resolve("Waits.java"),
                "class Waits { public static void main(String[] a) throws Exception { System.in.read(); } }");
        Process otherTandem = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                program.toString()).start();
        Path data = work.resolve("data");
        ElasticsearchDevService second = new ElasticsearchDevService(Optional.empty(), data, "512m");
        try {
            Files.createDirectories(data.resolve("elasticsearch"));
            Files.writeString(data.resolve("elasticsearch").resolve("elasticsearch.pid"),
                    otherTandem.pid() + "\n" + otherTandem.pid());

            assertThatThrownBy(second::launch)
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("still running (pid " + otherTandem.pid() + ")")
                    .hasMessageContaining("TANDEM_DATA_DIR");
        } finally {
            second.close(); // stops a node only if the refusal failed and one was started
            otherTandem.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
