package dev.tandem.aws.documentdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tandem.config.ProjectConfiguration;
import dev.tandem.tool.ToolDescriptor;
import io.modelcontextprotocol.spec.McpSchema;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every DocumentDB tool against mongo-java-server loaded with the shared samples (restaurant: 2,548 documents;
 * grades), read-only (the default) and with writes allowed, called the way MCP calls them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocumentDbToolsTest {

    private static final String DB = SampleDocumentDb.DATABASE;

    private SampleDocumentDb server;
    private ToolHarness readOnly;
    private ToolHarness writable;

    @BeforeAll
    void start() throws Exception {
        server = SampleDocumentDb.start("restaurant", "grades");
        readOnly = new ToolHarness(ToolHarness.settings(server.uri(), false, false, Duration.ofMinutes(10)));
        writable = new ToolHarness(ToolHarness.settings(server.uri(), true, true, Duration.ofMillis(400)));
    }

    @AfterAll
    void stop() {
        readOnly.close();
        writable.close();
        server.close();
    }

    private static Map<String, Object> on(String collection, Object... more) {
        Map<String, Object> arguments = new LinkedHashMap<>(Map.of("database", DB, "collection", collection));
        for (int i = 0; i + 1 < more.length; i += 2) {
            arguments.put((String) more[i], more[i + 1]);
        }
        return arguments;
    }

    private static Map<String, Object> ok(McpSchema.CallToolResult result) {
        assertThat(result.isError()).as(text(result)).isNotEqualTo(Boolean.TRUE);
        @SuppressWarnings("unchecked")
        Map<String, Object> structured = (Map<String, Object>) result.structuredContent();
        return structured;
    }

    private static String error(McpSchema.CallToolResult result) {
        assertThat(result.isError()).as(text(result)).isTrue();
        return text(result);
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("documents");
    }

    // --- listing and connections

    @Test
    void should_hide_write_tools_in_read_only_mode_and_list_them_as_destructive_when_writes_are_allowed() {
        List<String> writeTools = List.of("documentdb_insert", "documentdb_update", "documentdb_delete",
                "documentdb_create_collection", "documentdb_drop_collection");

        assertThat(readOnly.catalog.all()).extracting(ToolDescriptor::name).doesNotContainAnyElementsOf(writeTools)
                .contains("documentdb_find", "documentdb_aggregate", "documentdb_analyze_schema");
        assertThat(writable.catalog.all()).filteredOn(t -> writeTools.contains(t.name())).hasSize(5)
                .allSatisfy(t -> assertThat(t.annotations().destructiveHint()).isTrue());
        assertThat(readOnly.catalog.all()).hasSize(11).allSatisfy(t -> assertThat(t.readOnly()).isTrue());
    }

    @Test
    void should_refuse_a_write_tool_route_called_directly_in_read_only_mode() {
        assertThatThrownBy(() -> readOnly.route("documentdb_insert", on("restaurant", "documents",
                List.of(Map.of("name", "x"))))).hasRootCauseMessage("Tandem's DocumentDB tools are read-only"
                        + " (TANDEM_DOCUMENTDB_ALLOW_WRITE=true allows writes).");
    }

    @Test
    void should_connect_by_name_without_showing_the_uri_and_refuse_ad_hoc_uris_by_default() {
        McpSchema.CallToolResult connected = readOnly.call("documentdb_connect", Map.of("connection", "samples"));

        assertThat(ok(connected)).containsEntry("connections", List.of("samples"));
        assertThat(text(connected)).doesNotContain(server.uri());
        assertThat(error(readOnly.call("documentdb_connect", Map.of("connection", "mine", "uri", server.uri()))))
                .contains("Connecting with a URI is off");
        assertThat(error(readOnly.call("documentdb_list_databases", Map.of("connection", "nope"))))
                .contains("There is no DocumentDB connection 'nope'; known: [samples]");
    }

    @Test
    void should_add_an_ad_hoc_connection_when_allowed_and_forget_it_on_disconnect() {
        ok(writable.call("documentdb_connect", Map.of("connection", "adhoc", "uri", server.uri())));
        Map<String, Object> collections = ok(writable.call("documentdb_list_collections",
                Map.of("connection", "adhoc", "database", DB)));

        assertThat(collections.get("collections")).asList().contains("restaurant", "grades");
        assertThat(ok(writable.call("documentdb_disconnect", Map.of("connection", "adhoc")))).containsEntry("closed",
                true);
        assertThat(writable.connections.names()).containsExactly("samples");
    }

    @Test
    void should_close_an_idle_connection_and_open_it_again_on_next_use() {
        ok(writable.call("documentdb_count_documents", on("grades")));
        assertThat(writable.connections.isOpen("samples")).isTrue();

        // idle timeout 400 ms in the writable harness
        await().atMost(Duration.ofSeconds(5)).until(() -> !writable.connections.isOpen("samples"));

        assertThat(ok(writable.call("documentdb_count_documents", on("grades")))).containsEntry("count", 280L);
        assertThat(writable.connections.isOpen("samples")).isTrue();
    }

    @Test
    void should_list_databases_and_collections() {
        Map<String, Object> databases = ok(readOnly.call("documentdb_list_databases", Map.of()));

        assertThat(databases.get("databases").toString()).contains("name=samples");
        assertThat(ok(readOnly.call("documentdb_list_collections", Map.of("database", DB))).get("collections"))
                .asList().contains("grades", "restaurant").isSorted();
    }

    // --- reading

    @Test
    void should_find_with_filter_projection_sort_skip_and_limit_as_relaxed_extended_json() {
        Map<String, Object> page = ok(readOnly.call("documentdb_find", on("restaurant",
                "filter", Map.of("type_of_food", "Thai", "rating", Map.of("$gte", 5)),
                "projection", Map.of("name", 1, "rating", 1), "sort", Map.of("name", 1), "skip", 1, "limit", 3)));

        List<Map<String, Object>> found = documents(page);
        assertThat(found).hasSize(3).allSatisfy(d -> assertThat(d).containsOnlyKeys("_id", "name", "rating"));
        assertThat(found.get(0).get("_id")).isInstanceOf(Map.class).asString().contains("$oid");
        assertThat(found).extracting(d -> (String) d.get("name")).isSorted();
        assertThat(page.get("next_cursor")).isNull();
    }

    @Test
    void should_accept_extended_json_in_a_filter_string() {
        Map<String, Object> page = ok(readOnly.call("documentdb_find", on("restaurant",
                "filter", "{\"_id\": {\"$oid\": \"55f14312c7447c3da7051b26\"}}")));

        assertThat(documents(page)).singleElement().satisfies(d -> assertThat(d).containsEntry("name", ".CN Chinese"));
    }

    @Test
    void should_cap_every_answer_and_page_the_rest_with_an_opaque_cursor() {
        long expected = ((Number) ok(readOnly.call("documentdb_count_documents", on("restaurant",
                "filter", Map.of("rating", Map.of("$gte", 5))))).get("count")).longValue();
        List<Object> ids = new ArrayList<>();
        Map<String, Object> page = ok(readOnly.call("documentdb_find", on("restaurant",
                "filter", Map.of("rating", Map.of("$gte", 5)), "sort", Map.of("_id", 1))));
        int pages = 1;
        while (true) {
            assertThat(documents(page)).hasSizeLessThanOrEqualTo(100);
            documents(page).forEach(d -> ids.add(d.get("_id")));
            if (page.get("next_cursor") == null) {
                break;
            }
            page = ok(readOnly.call("documentdb_find", Map.of("cursor", page.get("next_cursor"))));
            pages++;
        }

        assertThat(expected).isGreaterThan(300);
        assertThat(ids).hasSize((int) expected).doesNotHaveDuplicates();
        assertThat(pages).isEqualTo((int) Math.ceil(expected / 100.0));
    }

    @Test
    void should_stop_paging_at_the_requested_limit() {
        Map<String, Object> first = ok(readOnly.call("documentdb_find", on("restaurant", "limit", 150)));
        Map<String, Object> second = ok(readOnly.call("documentdb_find", Map.of("cursor", first.get("next_cursor"))));

        assertThat(documents(first)).hasSize(100);
        assertThat(documents(second)).hasSize(50);
        assertThat(second.get("next_cursor")).isNull();
    }

    @Test
    void should_refuse_a_cursor_it_did_not_give_out() {
        assertThat(error(readOnly.call("documentdb_find", Map.of("cursor", "not-a-cursor"))))
                .contains("The cursor is not one Tandem gave out");
    }

    @Test
    void should_aggregate_and_page_the_pipeline_result() {
        Map<String, Object> groups = ok(readOnly.call("documentdb_aggregate", on("restaurant", "pipeline", List.of(
                Map.of("$group", Map.of("_id", "$type_of_food", "n", Map.of("$sum", 1))),
                Map.of("$sort", Map.of("n", -1))))));
        Map<String, Object> curries = ok(readOnly.call("documentdb_aggregate", on("restaurant", "pipeline",
                "[{\"$match\": {\"type_of_food\": \"Curry\"}}, {\"$project\": {\"name\": 1}}]")));
        Map<String, Object> rest = ok(readOnly.call("documentdb_aggregate", Map.of("cursor", curries.get("next_cursor"),
                "limit", 1)));

        assertThat(documents(groups).get(0)).isEqualTo(Map.of("_id", "Curry", "n", 902));
        assertThat(groups.get("next_cursor")).isNull();
        assertThat(documents(curries)).hasSize(100).allSatisfy(d -> assertThat(d).containsOnlyKeys("_id", "name"));
        assertThat(documents(rest)).hasSize(100).doesNotContainAnyElementsOf(documents(curries));
    }

    @Test
    void should_count_documents() {
        assertThat(ok(readOnly.call("documentdb_count_documents", on("restaurant")))).containsEntry("count", 2548L);
        assertThat(ok(readOnly.call("documentdb_count_documents", on("restaurant",
                "filter", Map.of("type_of_food", "Thai"))))).extracting(m -> ((Number) m.get("count")).intValue())
                .isNotEqualTo(0);
    }

    @Test
    void should_give_database_and_collection_stats() {
        Map<String, Object> database = ok(readOnly.call("documentdb_get_database_stats", Map.of("database", DB)));
        Map<String, Object> collection = ok(readOnly.call("documentdb_get_collection_stats", on("restaurant")));

        assertThat(database.get("stats")).asString().contains("db=samples", "objects=");
        assertThat(collection.get("stats")).asString().contains("count=2548");
    }

    @Test
    void should_describe_every_nested_path_with_its_share_and_types() {
        Map<String, Object> schema = ok(readOnly.call("documentdb_analyze_schema", on("grades", "sample_size", 280)));

        assertThat(schema).containsEntry("sampled", 280);
        assertThat(schema.get("fields")).asList().contains(
                Map.of("path", "scores", "share", 1.0, "types", Map.of("array", 1.0)),
                Map.of("path", "scores[]", "share", 1.0, "types", Map.of("object", 1.0)),
                Map.of("path", "scores[].type", "share", 1.0, "types", Map.of("string", 1.0)),
                Map.of("path", "student_id", "share", 1.0, "types", Map.of("int", 1.0)));
    }

    @Test
    void should_report_mixed_types_with_their_shares() {
        Map<String, Object> schema = ok(readOnly.call("documentdb_analyze_schema", on("restaurant",
                "sample_size", 2548)));

        @SuppressWarnings("unchecked")
        Map<String, Object> rating = ((List<Map<String, Object>>) schema.get("fields")).stream()
                .filter(f -> f.get("path").equals("rating")).findFirst().orElseThrow();
        assertThat(rating).containsEntry("share", 1.0);
        assertThat(rating.get("types")).asString().contains("int=", "double=");
    }

    @Test
    void should_explain_clearly_that_this_server_has_no_explain() {
        assertThat(error(readOnly.call("documentdb_explain_operation", on("restaurant", "operation", "find",
                "filter", Map.of("rating", 5))))).startsWith("This server has no explain command");
    }

    // --- refusals

    @Test
    void should_send_every_query_with_the_time_limit_on_the_wire() {
        server.maxTimeMsByCommand().clear();
        ok(readOnly.call("documentdb_find", on("restaurant", "filter", Map.of("rating", 5))));
        ok(readOnly.call("documentdb_aggregate", on("restaurant", "pipeline", List.of(Map.of("$match",
                Map.of("rating", 5))))));
        ok(readOnly.call("documentdb_count_documents", on("restaurant")));
        ok(readOnly.call("documentdb_get_collection_stats", on("restaurant")));
        ok(readOnly.call("documentdb_list_collections", Map.of("database", DB)));

        // the harness's limit is 5,000 ms; the driver sends what is left of it (its own handshakes carry none)
        for (String command : List.of("find", "aggregate", "collStats", "listCollections")) {
            assertThat(server.maxTimeMsByCommand().get(command)).as(command).isInstanceOfSatisfying(Number.class,
                    ms -> assertThat(ms.longValue()).isBetween(1L, 5000L));
        }
    }

    @Test
    void should_stop_a_query_at_its_time_limit_with_a_clear_error() throws Exception {
        ProjectConfiguration.DocumentDb tight = new ProjectConfiguration.DocumentDb(Map.of("samples", server.uri()),
                false, false, Optional.empty(), Duration.ofMinutes(10), 300, 100, 200);
        try (ToolHarness harness = new ToolHarness(tight)) {
            // the 300 ms limit also bounds connecting: on a loaded machine the first connection may need a retry,
            // and the held find below must meet an open connection so that only its time limit can stop it
            await().atMost(Duration.ofSeconds(30)).until(() -> !Boolean.TRUE.equals(
                    harness.call("documentdb_find", on("restaurant", "limit", 1)).isError()));
            try (AutoCloseable held = server.holdFinds()) {
                long started = System.nanoTime();

                assertThat(error(harness.call("documentdb_find", on("restaurant", "limit", 1))))
                        .contains("did not finish within its time limit").contains("TANDEM_DOCUMENTDB_MAX_TIME_MS");
                // the time limit decided: the held find would only have been released after 10 s
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            }
        }
    }

    @Test
    void should_always_refuse_server_side_javascript() {
        assertThat(error(readOnly.call("documentdb_find", on("restaurant", "filter", Map.of("$where", "true")))))
                .startsWith("$where is refused");
        assertThat(error(writable.call("documentdb_aggregate", on("restaurant", "pipeline", List.of(Map.of(
                "$group", Map.of("_id", 1, "x", Map.of("$accumulator", Map.of("init", "function(){}")))))))))
                .startsWith("$accumulator is refused");
        assertThat(error(readOnly.call("documentdb_count_documents", on("restaurant", "filter",
                Map.of("$expr", Map.of("$function", Map.of("body", "function(){return true}", "args", List.of(),
                        "lang", "js")))))))
                .startsWith("$function is refused");
    }

    @Test
    void should_refuse_writing_stages_anywhere_in_read_only_mode() {
        assertThat(error(readOnly.call("documentdb_aggregate", on("restaurant", "pipeline",
                List.of(Map.of("$out", "copy")))))).startsWith("$out writes to a collection");
        assertThat(error(readOnly.call("documentdb_aggregate", on("restaurant", "pipeline", List.of(Map.of("$facet",
                Map.of("a", List.of(Map.of("$merge", Map.of("into", "copy")))))))))).startsWith("$merge");
        assertThat(error(readOnly.call("documentdb_aggregate", on("restaurant", "pipeline", List.of(Map.of("$lookup",
                Map.of("from", "grades", "as", "g", "pipeline", List.of(Map.of("$out", "copy"))))))))).startsWith("$out");
        assertThat(ok(readOnly.call("documentdb_list_collections", Map.of("database", DB))).get("collections"))
                .asList().doesNotContain("copy");
    }

    @Test
    void should_refuse_a_writing_stage_inside_a_union_with_sub_pipeline_in_read_only_mode() {
        assertThat(error(readOnly.call("documentdb_aggregate", on("restaurant", "pipeline", List.of(Map.of(
                "$unionWith", Map.of("coll", "grades", "pipeline", List.of(Map.of("$merge", Map.of("into",
                        "union_copy"))))))))))
                .isEqualTo("$merge writes to a collection and Tandem's DocumentDB tools are read-only"
                        + " (TANDEM_DOCUMENTDB_ALLOW_WRITE=true allows it; in 'pipeline').");
        assertThat(error(readOnly.call("documentdb_aggregate", on("restaurant", "pipeline",
                "[{\"$match\": {}}, {\"$unionWith\": {\"coll\": \"grades\", \"pipeline\": [{\"$out\": \"union_copy\"}]}}]"))))
                .startsWith("$out writes to a collection");
        assertThat(ok(readOnly.call("documentdb_list_collections", Map.of("database", DB))).get("collections"))
                .asList().doesNotContain("union_copy");
    }

    // --- bad input

    @Test
    void should_name_the_problem_of_invalid_json_an_unknown_operator_and_wrong_types() {
        assertThat(error(readOnly.call("documentdb_find", on("restaurant", "filter", "{\"rating\": "))))
                .startsWith("'filter' is not a valid JSON object");
        assertThat(error(readOnly.call("documentdb_find", on("restaurant", "filter", Map.of("rating",
                Map.of("$bogus", 1)))))).startsWith("The server refused the request").contains("$bogus");
        assertThat(error(readOnly.call("documentdb_find", on("restaurant", "limit", "ten"))))
                .startsWith("Invalid arguments for documentdb_find");
        assertThat(error(readOnly.call("documentdb_aggregate", on("restaurant", "pipeline", List.of(1, 2)))))
                .startsWith("'pipeline' must be an array of JSON objects");
        assertThat(error(readOnly.call("documentdb_find", Map.of("collection", "restaurant"))))
                .contains("'database' is required");
    }

    // --- writing

    @Test
    void should_create_insert_update_delete_and_drop_when_writes_are_allowed() {
        Map<String, Object> target = on("scratch");
        ok(writable.call("documentdb_create_collection", target));
        Map<String, Object> inserted = ok(writable.call("documentdb_insert", on("scratch", "documents",
                List.of(Map.of("name", "Ada", "n", 1), Map.of("name", "Grace", "n", 2)))));
        Map<String, Object> updated = ok(writable.call("documentdb_update", on("scratch",
                "filter", Map.of("name", "Ada"), "update", Map.of("$set", Map.of("n", 10)))));
        Map<String, Object> upserted = ok(writable.call("documentdb_update", on("scratch",
                "filter", Map.of("name", "Alan"), "update", Map.of("$set", Map.of("n", 3)), "upsert", true)));
        Map<String, Object> deleted = ok(writable.call("documentdb_delete", on("scratch",
                "filter", Map.of("n", Map.of("$gte", 3)), "many", true)));

        assertThat(inserted).containsEntry("inserted", 2);
        assertThat(updated).containsEntry("matched", 1L).containsEntry("modified", 1L);
        assertThat(upserted).containsKey("upserted_id");
        assertThat(deleted).containsEntry("deleted", 2L);
        assertThat(documents(ok(writable.call("documentdb_find", on("scratch")))))
                .extracting(d -> d.get("name")).containsExactly("Grace");
        assertThat(ok(writable.call("documentdb_drop_collection", on("scratch", "confirm", true))))
                .containsEntry("dropped", true);
    }

    @Test
    void should_drop_a_collection_only_when_the_user_confirms() {
        server.insert("drafts", List.of(new Document("n", 1), new Document("n", 2), new Document("n", 3)));

        assertThat(error(writable.call("documentdb_drop_collection", on("drafts"))))
                .contains("drop the collection samples.drafts with all its documents")
                .contains("Nothing was changed").contains("\"confirm\": true");
        assertThat(error(writable.call("documentdb_drop_collection", on("drafts", "confirm", false))))
                .contains("Nothing was changed");
        assertThat(server.collections()).contains("drafts");
        assertThat(server.count("drafts")).isEqualTo(3);

        assertThat(ok(writable.call("documentdb_drop_collection", on("drafts", "confirm", true))))
                .containsEntry("dropped", true);
        assertThat(server.collections()).doesNotContain("drafts").contains("restaurant", "grades");
    }

    @Test
    void should_delete_only_the_first_match_without_many() {
        ok(writable.call("documentdb_insert", on("pairs", "documents", List.of(Map.of("k", 1), Map.of("k", 1)))));

        assertThat(ok(writable.call("documentdb_delete", on("pairs", "filter", Map.of("k", 1)))))
                .containsEntry("deleted", 1L);
        assertThat(ok(writable.call("documentdb_delete", on("pairs", "filter", Map.of("k", 9)))))
                .containsEntry("deleted", 0L);
        assertThat(server.count("pairs")).isEqualTo(1);
    }

    @Test
    void should_need_confirmation_to_delete_or_update_every_document() {
        ok(writable.call("documentdb_insert", on("everything", "documents", List.of(Map.of("a", 1), Map.of("a", 2)))));

        assertThat(error(writable.call("documentdb_delete", on("everything", "many", true))))
                .contains("delete every document of samples.everything").contains("\"confirm\": true");
        assertThat(error(writable.call("documentdb_update", on("everything", "many", true,
                "update", Map.of("$set", Map.of("a", 0)))))).contains("update every document");
        assertThat(server.count("everything")).isEqualTo(2);
        assertThat(server.count("everything", new Document("a", 0))).isZero();

        assertThat(ok(writable.call("documentdb_delete", on("everything", "many", true, "confirm", true))))
                .containsEntry("deleted", 2L);
        assertThat(server.count("everything")).isZero();
    }

    @Test
    void should_allow_out_in_write_mode() {
        ok(writable.call("documentdb_aggregate", on("grades", "pipeline", List.of(
                Map.of("$match", Map.of("class_id", 2)), Map.of("$out", "grades_of_class_2")))));

        assertThat(server.count("grades_of_class_2")).isPositive()
                .isEqualTo(server.count("grades", new Document("class_id", 2)));
    }

    @Test
    void should_refuse_an_update_without_operators() {
        assertThat(error(writable.call("documentdb_update", on("grades", "filter", Map.of("student_id", 0),
                "update", Map.of("class_id", 3))))).contains("update operator");
    }
}
