package dev.tandem.aws.documentdb;

import java.util.List;
import java.util.Map;

import dev.tandem.tool.ToolException;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * A person's yes before a change to every document of a collection: asked through MCP elicitation when the client
 * supports it (the model cannot answer for the user then), otherwise the caller must pass {@code confirm: true}.
 */
final class Confirmation {

    private static final Map<String, Object> YES_NO = Map.of("type", "object",
            "properties", Map.of("confirm", Map.of("type", "boolean", "title", "Go ahead")),
            "required", List.of("confirm"));

    private Confirmation() {
    }

    static void require(McpSyncServerExchange exchange, boolean confirmArgument, String change) {
        if (exchange != null && exchange.getClientCapabilities() != null
                && exchange.getClientCapabilities().elicitation() != null) {
            McpSchema.ElicitResult answer = exchange.createElicitation(McpSchema.ElicitRequest.builder(
                    "Tandem is about to " + change + ". Go ahead?", YES_NO).build());
            if (answer.action() != McpSchema.ElicitResult.Action.ACCEPT || answer.content() == null
                    || !Boolean.TRUE.equals(answer.content().get("confirm"))) {
                throw new ToolException("The user did not confirm: nothing was changed.");
            }
            return;
        }
        if (!confirmArgument) {
            throw new ToolException("This would " + change + ". Nothing was changed: call again with"
                    + " \"confirm\": true once the user has agreed.");
        }
    }
}
