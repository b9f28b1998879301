package dev.tandem.llm.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tandem.llm.ToolCall;
import dev.tandem.llm.agent.WriteApproval;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * Over MCP the person decides each call of a tool that changes something: asked through elicitation, so that the
 * model that called {@code ask} cannot approve for them. A client that cannot be asked gets no such call at all.
 */
final class ElicitedApproval implements WriteApproval {

    private static final Map<String, Object> YES_NO = Map.of("type", "object",
            "properties", Map.of("allow", Map.of("type", "boolean", "title", "Allow this call")),
            "required", List.of("allow"));

    private final McpSyncServerExchange exchange;

    ElicitedApproval(McpSyncServerExchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public Optional<String> refusal(ToolCall call) {
        if (exchange.getClientCapabilities() == null || exchange.getClientCapabilities().elicitation() == null) {
            return Optional.of(call.name() + " changes something, and this MCP client cannot ask its user"
                    + " (no elicitation): nothing was changed.");
        }
        McpSchema.ElicitResult answer = exchange.createElicitation(McpSchema.ElicitRequest.builder("A model working"
                + " on your question wants to run " + call.name() + " with " + call.arguments()
                + ". It changes something. Allow it?", YES_NO).build());
        if (answer.action() == McpSchema.ElicitResult.Action.ACCEPT && answer.content() != null
                && Boolean.TRUE.equals(answer.content().get("allow"))) {
            return Optional.empty();
        }
        return Optional.of("The user did not allow " + call.name() + ": nothing was changed.");
    }
}
