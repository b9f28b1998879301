package dev.tandem.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import dev.tandem.RunningTandem;
import org.apache.camel.component.file.FileEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TANDEM_INGEST_KEEP accepts what every yes/no setting accepts (yes, 1, true): the watched folder's route takes the
 * checked value, not the raw text, which its file endpoint would refuse.
 */
class KeepSettingTest {

    @TempDir
    Path work;

    @Test
    void should_keep_files_in_place_when_the_setting_says_yes() throws Exception {
        try (RunningTandem tandem = RunningTandem.start(work.resolve("inbox"), work.resolve("data"),
                Map.of("tandem.ingest.keep", "yes"))) {
            FileEndpoint inbox = (FileEndpoint) tandem.context().getRoute("ingest-files").getEndpoint();

            assertThat(inbox.isNoop()).isTrue();
        }
    }
}
