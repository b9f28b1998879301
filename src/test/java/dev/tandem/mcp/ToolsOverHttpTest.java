package dev.tandem.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RunningTandem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/tools/<name>}: the path names one tool, whole. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ToolsOverHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    private RunningTandem tandem;

    @BeforeAll
    void start() throws Exception {
        tandem = RunningTandem.start(work.resolve("inbox"), work.resolve("data"), Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        tandem.close();
    }

    @Test
    void should_run_the_tool_the_path_names() throws Exception {
        HttpResponse<String> answer = tandem.post("/api/tools/ingest_status", "application/json", "{}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).has("indexed")).as(answer.body()).isTrue();
    }

    /** The last segment alone named the tool: {@code /api/tools/anything/ingest_status} ran ingest_status. */
    @Test
    void should_find_no_tool_for_a_path_with_more_segments_than_a_name() throws Exception {
        for (String path : new String[] {"/api/tools/anything/ingest_status", "/api/tools/no_such_tool"}) {
            HttpResponse<String> answer = tandem.post(path, "application/json", "{}");

            String name = path.substring("/api/tools/".length());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(404);
            assertThat(JSON.readTree(answer.body()).at("/error/message").asText())
                    .isEqualTo("There is no tool '" + name + "': GET /api/tools lists them.");
        }
    }
}
