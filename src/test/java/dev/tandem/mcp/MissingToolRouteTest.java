package dev.tandem.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.Map;

import dev.tandem.RunningTandem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tool descriptor whose route is missing stops Tandem at start-up, naming the tool, instead of failing when called. */
class MissingToolRouteTest {

    @TempDir
    Path work;

    @Test
    void should_refuse_to_start_naming_each_tool_whose_descriptor_has_no_route() {
        // the workspace tools' descriptors stay on the classpath while their routes file is left out
        Throwable failure = catchThrowable(() -> RunningTandem.start(work.resolve("inbox"), work.resolve("data"),
                Map.of("camel.main.routesExcludePattern", "**/tools-workspace.camel.yaml")).close());

        assertThat(failure).as("Tandem started with tool descriptors that have no route").isNotNull();
        assertThat(messages(failure)).contains("without a route").contains("workspace_inventory")
                .contains("backup_create").contains("backup_restore").doesNotContain("search_documents");
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
