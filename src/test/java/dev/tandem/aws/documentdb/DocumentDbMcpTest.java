package dev.tandem.aws.documentdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.tandem.RunningTandem;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DocumentDB tools as an MCP client sees them, in write mode: listed with destructiveHint, and a delete of
 * every document confirmed by the user through elicitation (the model cannot answer for them).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocumentDbMcpTest {

    /** Lines of grades.json in the shared samples. */
    private static final long GRADES = 280;

    @TempDir
    static Path work;
    private final SampleDocumentDb db = SampleDocumentDb.start("grades", "restaurant");
    private final AtomicReference<McpSchema.ElicitResult> userAnswer = new AtomicReference<>();
    private final AtomicReference<String> askedMessage = new AtomicReference<>();
    private RunningTandem tandem;
    private McpSyncClient client;

    @BeforeAll
    void start() throws Exception {
        tandem = RunningTandem.start(work.resolve("inbox"), work.resolve("data"), Map.of(
                "tandem.documentdb.connections", "samples",
                "tandem.documentdb.connections.samples.uri", db.uri(),
                "tandem.documentdb.allow.write", "true"));
        client = McpClient.sync(HttpClientStreamableHttpTransport.builder(tandem.baseUrl()).endpoint("/mcp").build())
                .requestTimeout(Duration.ofSeconds(30))
                .capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
                .elicitation(request -> {
                    askedMessage.set(request.message());
                    return userAnswer.get();
                })
                .build();
        client.initialize();
    }

    @AfterAll
    void stop() throws Exception {
        client.closeGracefully();
        tandem.close();
        db.close();
    }

    @Test
    void should_list_the_write_tools_as_destructive_when_writes_are_allowed() {
        List<McpSchema.Tool> tools = client.listTools().tools();

        McpSchema.Tool delete = tools.stream().filter(t -> t.name().equals("documentdb_delete")).findFirst()
                .orElseThrow();
        assertThat(delete.annotations().destructiveHint()).isTrue();
        assertThat(tools).extracting(McpSchema.Tool::name).contains("documentdb_find", "documentdb_insert");
    }

    @Test
    void should_find_documents_over_mcp_as_structured_content() {
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("documentdb_find", Map.of(
                "database", SampleDocumentDb.DATABASE, "collection", "restaurant",
                "filter", Map.of("type_of_food", "Thai"), "limit", 3)));

        assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
        assertThat(result.structuredContent().toString()).contains("Thai");
    }

    @Test
    void should_delete_every_document_only_after_the_user_confirms_through_elicitation() {
        Map<String, Object> deleteAll = Map.of("database", SampleDocumentDb.DATABASE, "collection", "grades",
                "filter", Map.of(), "many", true, "confirm", true);

        userAnswer.set(new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.DECLINE, null));
        McpSchema.CallToolResult declined = client.callTool(new McpSchema.CallToolRequest("documentdb_delete",
                deleteAll));
        assertThat(declined.isError()).isTrue();
        assertThat(((McpSchema.TextContent) declined.content().get(0)).text()).contains("did not confirm");
        assertThat(askedMessage.get()).contains("grades");
        assertThat(db.count("grades")).isEqualTo(GRADES);

        userAnswer.set(new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("confirm", true)));
        McpSchema.CallToolResult accepted = client.callTool(new McpSchema.CallToolRequest("documentdb_delete",
                deleteAll));
        assertThat(accepted.isError()).isNotEqualTo(Boolean.TRUE);
        assertThat(db.count("grades")).isZero();
    }

    @Test
    void should_drop_a_collection_only_after_the_user_confirms_through_elicitation_whatever_the_model_says() {
        db.insert("drafts", List.of(new Document("n", 1), new Document("n", 2)));
        Map<String, Object> drop = Map.of("database", SampleDocumentDb.DATABASE, "collection", "drafts",
                "confirm", true);

        userAnswer.set(new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("confirm", false)));
        McpSchema.CallToolResult unticked = client.callTool(new McpSchema.CallToolRequest("documentdb_drop_collection",
                drop));
        userAnswer.set(new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.CANCEL, null));
        McpSchema.CallToolResult cancelled = client.callTool(new McpSchema.CallToolRequest(
                "documentdb_drop_collection", drop));

        assertThat(unticked.isError()).isTrue();
        assertThat(cancelled.isError()).isTrue();
        assertThat(askedMessage.get()).contains("drop the collection samples.drafts");
        assertThat(db.collections()).contains("drafts");
        assertThat(db.count("drafts")).isEqualTo(2);

        userAnswer.set(new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("confirm", true)));
        McpSchema.CallToolResult accepted = client.callTool(new McpSchema.CallToolRequest(
                "documentdb_drop_collection", drop));
        assertThat(accepted.isError()).isNotEqualTo(Boolean.TRUE);
        assertThat(db.collections()).doesNotContain("drafts");
    }
}
