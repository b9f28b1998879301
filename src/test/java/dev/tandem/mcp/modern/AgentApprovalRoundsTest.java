package dev.tandem.mcp.modern;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RunningTandem;
import dev.tandem.aws.documentdb.SampleDocumentDb;
import dev.tandem.llm.emulator.EmulatedRequest;
import dev.tandem.llm.emulator.EmulatedTandem;
import dev.tandem.llm.emulator.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent (the MCP tool {@code ask}) asking a 2026-07-28 client's user to approve a write: the question comes back
 * as {@code input_required} with the run's checkpoint sealed in the {@code requestState}, and the answer resumes the
 * run there, on whichever of two replicas behind a round-robin proxy it reaches: the model is not asked again for the
 * turn it already took, the approved call runs once, a refused one never. The model is the OpenAI emulator, scripted
 * by how many tool results its conversation holds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentApprovalRoundsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATE_KEY = Base64.getEncoder().encodeToString("32 bytes both replicas share!!!!"
            .getBytes());
    private static final SampleDocumentDb DB = SampleDocumentDb.start();

    @RegisterExtension
    static final EmulatedTandem REPLICA_A = EmulatedTandem.withProviderKey("sk-rounds").resetBeforeEach()
            .checkRequestsAfterEach().settings(Map.of(
                    "tandem.documentdb.connections", "samples",
                    "tandem.documentdb.connections.samples.uri", DB.uri(),
                    "tandem.documentdb.allow.write", "true",
                    "tandem.agent.allow.write", "true",
                    "tandem.mcp.state.key", STATE_KEY));

    @TempDir
    static Path work;
    private RunningTandem replicaB;
    private RoundRobinProxy proxy;
    private ModernClient client;

    @BeforeAll
    void start() throws Exception {
        replicaB = RunningTandem.start(work.resolve("b/inbox"), work.resolve("b/data"),
                REPLICA_A.settingsWith(Map.of()));
        proxy = RoundRobinProxy.start(List.of(REPLICA_A.tandem().baseUrl(), replicaB.baseUrl()));
        client = new ModernClient(proxy.baseUrl(), Map.of("elicitation", Map.of()));
    }

    @AfterAll
    void stop() throws Exception {
        proxy.close();
        replicaB.close();
        DB.close();
    }

    @Test
    void should_resume_on_the_other_replica_from_the_checkpoint_and_write_once_when_the_user_approves()
            throws Exception {
        modelInserts("approved", "Inserted.");
        Map<String, Object> ask = ask("Insert n=1 into approved.");

        ModernClient.Answer asked = client.call("tools/call", ask);
        int askedBy = lastReplica();

        assertThat(asked.result().get("resultType").asText()).isEqualTo("input_required");
        String key = key(asked);
        assertThat(key).startsWith("approve-1-");
        assertThat(asked.result().at("/inputRequests/" + key + "/params/message").asText())
                .contains("documentdb_insert");
        assertThat(DB.count("approved")).isZero();
        assertThat(REPLICA_A.openai().requestCount()).isEqualTo(1);

        ModernClient.Answer done = client.call("tools/call", answered(ask, asked, "accept", true));

        assertThat(lastReplica()).isNotEqualTo(askedBy);
        assertThat(done.result().get("resultType").asText()).as(done.body().toString()).isEqualTo("complete");
        JsonNode answer = done.result().get("structuredContent");
        assertThat(answer.path("answer").asText()).isEqualTo("Inserted.");
        assertThat(DB.count("approved")).isEqualTo(1);
        List<EmulatedRequest> sent = REPLICA_A.openai().requests();
        assertThat(sent).extracting(AgentApprovalRoundsTest::toolResults).containsExactly(0, 1);
        assertThat(toolMessages(sent.get(1)).get(0).path("content").asText()).contains("\"inserted\":1");
        assertThat(steps(answer)).containsExactly("model ok", "tool ok", "model ok");
    }

    @Test
    void should_skip_the_refused_call_on_resuming_and_tell_the_model_so() throws Exception {
        modelInserts("refused", "Not inserted.");
        Map<String, Object> ask = ask("Insert n=1 into refused.");
        ModernClient.Answer asked = client.call("tools/call", ask);

        ModernClient.Answer done = client.call("tools/call", answered(ask, asked, "decline", false));

        assertThat(done.result().get("resultType").asText()).as(done.body().toString()).isEqualTo("complete");
        assertThat(DB.count("refused")).isZero();
        List<EmulatedRequest> sent = REPLICA_A.openai().requests();
        assertThat(sent).extracting(AgentApprovalRoundsTest::toolResults).containsExactly(0, 1);
        assertThat(toolMessages(sent.get(1)).get(0).path("content").asText())
                .contains("The user did not allow documentdb_insert");
        assertThat(steps(done.result().get("structuredContent"))).containsExactly("model ok", "tool refused",
                "model ok");
    }

    @Test
    void should_refuse_a_changed_checkpoint_and_neither_write_nor_ask_the_model() throws Exception {
        modelInserts("tampered", "Inserted.");
        Map<String, Object> ask = ask("Insert n=1 into tampered.");
        ModernClient.Answer asked = client.call("tools/call", ask);
        String state = asked.result().get("requestState").asText();
        char last = state.charAt(state.length() - 2);
        String changed = state.substring(0, state.length() - 2) + (last == 'A' ? 'B' : 'A')
                + state.charAt(state.length() - 1);
        Map<String, Object> retry = answered(ask, asked, "accept", true);
        retry.put("requestState", changed);

        ModernClient.Answer refused = client.call("tools/call", retry);

        assertThat(refused.errorCode()).isEqualTo(-32602);
        assertThat(refused.body().path("error").path("message").asText()).contains("requestState");
        assertThat(DB.count("tampered")).isZero();
        assertThat(REPLICA_A.openai().requestCount()).isEqualTo(1);
    }

    @Test
    void should_refuse_without_asking_a_write_whose_checkpoint_would_be_too_large_to_carry() throws Exception {
        modelInserts("large", "Too large.");
        byte[] noise = new byte[100_000];
        new SecureRandom().nextBytes(noise);
        Map<String, Object> ask = ask("Insert n=1 into large. " + Base64.getEncoder().encodeToString(noise));

        ModernClient.Answer done = client.call("tools/call", ask);

        assertThat(done.result().get("resultType").asText()).as(done.body().toString()).isEqualTo("complete");
        assertThat(DB.count("large")).isZero();
        assertThat(steps(done.result().get("structuredContent"))).containsExactly("model ok", "tool refused",
                "model ok");
        assertThat(toolMessages(REPLICA_A.openai().requests().get(1)).get(0).path("content").asText())
                .contains("too long to wait for the user's approval", "nothing was changed");
    }

    @Test
    void should_ask_again_for_the_same_write_in_a_later_turn_though_the_first_was_approved() throws Exception {
        String insert = insertArguments("twice");
        REPLICA_A.openai().respond(r -> toolResults(r) < 2 ? Reply.toolCall("documentdb_insert", insert)
                : Reply.text("Inserted twice."));
        Map<String, Object> ask = ask("Insert n=1 into twice, two times.");
        ModernClient.Answer first = client.call("tools/call", ask);

        ModernClient.Answer second = client.call("tools/call", answered(ask, first, "accept", true));

        assertThat(second.result().get("resultType").asText()).as(second.body().toString())
                .isEqualTo("input_required");
        assertThat(key(second)).startsWith("approve-2-");
        assertThat(DB.count("twice")).isEqualTo(1);
        assertThat(REPLICA_A.openai().requests()).extracting(AgentApprovalRoundsTest::toolResults)
                .containsExactly(0, 1);
    }

    /** The model inserts {n: 1} into {@code collection}, then answers {@code answer}. */
    private static void modelInserts(String collection, String answer) {
        String insert = insertArguments(collection);
        REPLICA_A.openai().respond(r -> toolResults(r) == 0 ? Reply.toolCall("documentdb_insert", insert)
                : Reply.text(answer));
    }

    private static String insertArguments(String collection) {
        return JSON.valueToTree(Map.of("database", SampleDocumentDb.DATABASE, "collection", collection,
                "documents", List.of(Map.of("n", 1)))).toString();
    }

    private static Map<String, Object> ask(String question) {
        return Map.of("name", "ask", "arguments", Map.of("question", question, "strategy", "provider-first", "k", 0,
                "tools", List.of("documentdb_insert"), "allow_write", true));
    }

    /** The call again, with the user's answer to the question {@code asked} brought and the state that asked it. */
    private static Map<String, Object> answered(Map<String, Object> call, ModernClient.Answer asked, String action,
            boolean allow) {
        Map<String, Object> retry = new LinkedHashMap<>(call);
        retry.put("inputResponses", Map.of(key(asked), Map.of("action", action, "content", Map.of("allow",
                allow))));
        retry.put("requestState", asked.result().get("requestState").asText());
        return retry;
    }

    /** The key of the one question an {@code input_required} answer brought. */
    private static String key(ModernClient.Answer asked) {
        return asked.result().get("inputRequests").fieldNames().next();
    }

    private int lastReplica() {
        List<RoundRobinProxy.Hop> hops = proxy.hops();
        return hops.get(hops.size() - 1).replica();
    }

    private static int toolResults(EmulatedRequest request) {
        return toolMessages(request).size();
    }

    private static List<JsonNode> toolMessages(EmulatedRequest request) {
        List<JsonNode> tools = new ArrayList<>();
        request.body().path("messages").forEach(m -> {
            if ("tool".equals(m.path("role").asText())) {
                tools.add(m);
            }
        });
        return tools;
    }

    /** The answer's steps as "name outcome". */
    private static List<String> steps(JsonNode answer) {
        List<String> steps = new ArrayList<>();
        answer.at("/tandem/plan/steps").forEach(s -> steps.add(s.path("name").asText() + " "
                + s.path("outcome").asText()));
        return steps;
    }
}
