package dev.tandem.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RunningTandem;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/tools}: every tool Tandem serves, as its descriptor in {@code src/main/resources/mcp-tools} declares
 * it (name, title, description, input and output schema, annotations), the same tools MCP's {@code tools/list}
 * gives, and the write tools only when writes are allowed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ToolListingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DESCRIPTORS = Path.of("src", "main", "resources", "mcp-tools");
    /** The write tools the README lists as served only with TANDEM_DOCUMENTDB_ALLOW_WRITE / TANDEM_AWS_ALLOW_WRITE. */
    private static final List<String> WRITE_TOOLS = List.of("documentdb_insert", "documentdb_update",
            "documentdb_delete", "documentdb_create_collection", "documentdb_drop_collection", "aws_create_resource",
            "aws_update_resource", "aws_delete_resource");

    @TempDir
    static Path work;
    private RunningTandem readOnly;
    private RunningTandem writable;

    @BeforeAll
    void start() throws Exception {
        readOnly = RunningTandem.start(work.resolve("inbox"), work.resolve("data"), Map.of());
        writable = RunningTandem.start(work.resolve("inbox-w"), work.resolve("data-w"), Map.of(
                "tandem.documentdb.allow.write", "true",
                "tandem.aws.allow.write", "true"));
    }

    @AfterAll
    void stop() throws Exception {
        readOnly.close();
        writable.close();
    }

    @Test
    void should_list_each_read_tool_as_its_descriptor_declares_it_and_no_write_tool_by_default() throws Exception {
        Map<String, JsonNode> listed = listed(readOnly);
        Map<String, JsonNode> declared = descriptors();

        assertThat(listed.keySet()).doesNotContainAnyElementsOf(WRITE_TOOLS)
                .containsExactlyInAnyOrderElementsOf(declared.keySet().stream()
                        .filter(name -> !WRITE_TOOLS.contains(name)).toList());
        listed.forEach((name, tool) -> {
            JsonNode descriptor = declared.get(name);
            for (String field : List.of("name", "title", "description", "inputSchema", "outputSchema",
                    "annotations")) {
                assertThat(tool.get(field)).as(name + " " + field).isEqualTo(descriptor.get(field));
            }
        });
    }

    @Test
    void should_list_the_write_tools_with_their_destructive_hint_once_writes_are_allowed() throws Exception {
        Map<String, JsonNode> listed = listed(writable);

        assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(descriptors().keySet());
        WRITE_TOOLS.forEach(name -> assertThat(listed.get(name).at("/annotations/readOnlyHint").asBoolean())
                .as(name).isFalse());
        assertThat(listed.get("documentdb_drop_collection").at("/annotations/destructiveHint").asBoolean()).isTrue();
        assertThat(listed.get("aws_delete_resource").at("/annotations/destructiveHint").asBoolean()).isTrue();
    }

    @Test
    void should_list_over_http_the_same_tools_as_mcp_tools_list() throws Exception {
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(readOnly.baseUrl())
                .endpoint("/mcp").build()).requestTimeout(Duration.ofSeconds(30)).build();
        try {
            client.initialize();
            List<String> overMcp = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();

            assertThat(listed(readOnly).keySet()).containsExactlyInAnyOrderElementsOf(overMcp);
        } finally {
            client.closeGracefully();
        }
    }

    private static Map<String, JsonNode> listed(RunningTandem tandem) throws Exception {
        HttpResponse<String> response = tandem.get("/api/tools");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        JSON.readTree(response.body()).get("tools").forEach(tool -> byName.put(tool.get("name").asText(), tool));
        return byName;
    }

    /** The descriptors shipped with Tandem, by tool name, read as files. */
    private static Map<String, JsonNode> descriptors() throws IOException {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(DESCRIPTORS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                JsonNode descriptor = JSON.readTree(file.toFile());
                byName.put(descriptor.get("name").asText(), descriptor);
            }
        }
        return byName;
    }
}
