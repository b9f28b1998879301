package dev.tandem.mcp.modern;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.tandem.RunningTandem;
import dev.tandem.aws.documentdb.SampleDocumentDb;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Tandem processes with the same {@code TANDEM_MCP_STATE_KEY} behind a round-robin proxy, serving one 2026-07-28
 * client's calls alternately: listings continue across replicas, and a confirmation asked by one completes on the
 * other. A 2025-11-25 session, by contrast, lives on one process only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicasTest {

    private static final String STATE_KEY = Base64.getEncoder().encodeToString("the key both replicas share 32b"
            .concat("!").getBytes());

    @TempDir
    static Path work;
    private final SampleDocumentDb db = SampleDocumentDb.start();
    private final List<RunningTandem> replicas = new ArrayList<>();
    private RoundRobinProxy proxy;
    private ModernClient client;

    @BeforeAll
    void start() throws Exception {
        for (String name : List.of("a", "b")) {
            replicas.add(RunningTandem.start(work.resolve(name + "/inbox"), work.resolve(name + "/data"), Map.of(
                    "tandem.documentdb.connections", "samples",
                    "tandem.documentdb.connections.samples.uri", db.uri(),
                    "tandem.documentdb.allow.write", "true",
                    "tandem.mcp.page.size", "9",
                    "tandem.mcp.state.key", STATE_KEY)));
        }
        proxy = RoundRobinProxy.start(replicas.stream().map(RunningTandem::baseUrl).toList());
        client = new ModernClient(proxy.baseUrl(), Map.of("elicitation", Map.of()));
    }

    @AfterAll
    void stop() throws Exception {
        proxy.close();
        for (RunningTandem replica : replicas) {
            replica.close();
        }
        db.close();
    }

    @Test
    void should_continue_on_one_replica_a_listing_begun_on_the_other() throws Exception {
        int first = proxy.hops().size();
        List<String> names = new ArrayList<>();
        String cursor = null;
        do {
            var page = client.call("tools/list", cursor == null ? Map.of() : Map.of("cursor", cursor));
            page.result().get("tools").forEach(t -> names.add(t.get("name").asText()));
            cursor = page.result().path("nextCursor").asText(null);
        } while (cursor != null);

        assertThat(proxy.hops().subList(first, proxy.hops().size())).extracting(RoundRobinProxy.Hop::replica)
                .contains(0, 1);
        assertThat(names).doesNotHaveDuplicates().isSorted().contains("documentdb_delete", "list_models");
    }

    @Test
    void should_complete_on_one_replica_the_confirmation_the_other_asked_for() throws Exception {
        db.insert("drafts", List.of(new Document("n", 1), new Document("n", 2)));
        Map<String, Object> deleteAll = deleteAll("drafts");

        var asked = client.call("tools/call", deleteAll);
        int askedBy = lastReplica();
        assertThat(asked.result().get("resultType").asText()).isEqualTo("input_required");
        assertThat(db.count("drafts")).isEqualTo(2);
        var done = client.call("tools/call", ModernMcpTest.retry(deleteAll, asked.result().get("inputRequests")
                .fieldNames().next(), asked.result().get("requestState").asText()));

        assertThat(lastReplica()).isNotEqualTo(askedBy);
        assertThat(done.body().path("error").path("message").asText()).isEmpty();
        assertThat(done.result().get("resultType").asText()).isEqualTo("complete");
        assertThat(done.result().get("isError").asBoolean()).isFalse();
        assertThat(db.count("drafts")).isZero();
    }

    @Test
    void should_refuse_on_one_replica_a_state_changed_after_the_other_issued_it() throws Exception {
        db.insert("kept", List.of(new Document("n", 1)));
        Map<String, Object> deleteAll = deleteAll("kept");
        var asked = client.call("tools/call", deleteAll);
        int askedBy = lastReplica();

        var refused = client.call("tools/call", ModernMcpTest.retry(deleteAll, asked.result().get("inputRequests")
                .fieldNames().next(), asked.result().get("requestState").asText() + "-TAMPERED"));

        assertThat(lastReplica()).isNotEqualTo(askedBy);
        assertThat(refused.errorCode()).isEqualTo(-32602);
        assertThat(db.count("kept")).isEqualTo(1);
    }

    @Test
    void should_lose_a_2025_11_25_session_on_the_replica_that_did_not_create_it() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> initialized = http.send(legacy(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
                + "\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":"
                + "{\"name\":\"t\",\"version\":\"1\"}}}"), HttpResponse.BodyHandlers.ofString());
        String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();

        HttpResponse<String> elsewhere = http.send(legacy(session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":"
                + "\"tools/list\"}"), HttpResponse.BodyHandlers.ofString());

        assertThat(elsewhere.statusCode()).isEqualTo(404);
        assertThat(elsewhere.body()).contains("Unknown or ended session");
    }

    private HttpRequest legacy(String session, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(proxy.baseUrl() + "/mcp"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream");
        if (session != null) {
            request.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
        }
        return request.build();
    }

    private int lastReplica() {
        List<RoundRobinProxy.Hop> hops = proxy.hops();
        return hops.get(hops.size() - 1).replica();
    }

    private static Map<String, Object> deleteAll(String collection) {
        return Map.of("name", "documentdb_delete", "arguments", Map.of("database", SampleDocumentDb.DATABASE,
                "collection", collection, "filter", Map.of(), "many", true));
    }
}
