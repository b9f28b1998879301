package dev.tandem.mcp.gateway;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.tandem.RunningTandem;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * An MCP client of the Tandem under test, as a user's is: the MCP Java SDK's over Streamable HTTP, initialized,
 * supporting elicitation, keeping what Tandem sends it (tool list changes, progress, elicitation messages). Its user
 * answers every elicitation with what the test last set.
 */
final class GatewayClient implements AutoCloseable {

    private final List<List<McpSchema.Tool>> listChanges = new CopyOnWriteArrayList<>();
    private final List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
    private final List<String> elicitations = new CopyOnWriteArrayList<>();
    private volatile McpSchema.ElicitResult answer;
    private final McpSyncClient sdk;

    private GatewayClient(RunningTandem tandem, McpSchema.ElicitResult answer) {
        this.answer = answer;
        this.sdk = McpClient.sync(HttpClientStreamableHttpTransport.builder(tandem.baseUrl()).endpoint("/mcp").build())
                .requestTimeout(Duration.ofSeconds(30)).toolsChangeConsumer(listChanges::add)
                .progressConsumer(progress::add)
                .capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
                .elicitation(request -> {
                    elicitations.add(request.message());
                    return this.answer;
                }).build();
    }

    /** A client of {@code tandem}, initialized; {@code answer} (may be null until set) answers elicitations. */
    static GatewayClient connect(RunningTandem tandem, McpSchema.ElicitResult answer) {
        GatewayClient client = new GatewayClient(tandem, answer);
        client.sdk.initialize();
        return client;
    }

    McpSyncClient sdk() {
        return sdk;
    }

    /** What the user answers to the next elicitations. */
    void answerElicitations(McpSchema.ElicitResult next) {
        answer = next;
    }

    /** Every tool listing Tandem announced as changed, in order. */
    List<List<McpSchema.Tool>> listChanges() {
        return listChanges;
    }

    List<McpSchema.ProgressNotification> progress() {
        return progress;
    }

    /** The messages of the elicitation requests received. */
    List<String> elicitations() {
        return elicitations;
    }

    @Override
    public void close() {
        sdk.closeGracefully();
    }
}
