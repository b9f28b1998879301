package dev.tandem.llm.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tandem.llm.ToolCall;
import dev.tandem.llm.agent.WriteApproval;
import dev.tandem.tool.InputRequiredSignal;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * Over MCP the person decides each call of a tool that changes something: asked through elicitation (a 2026-07-28
 * client gets it as {@code input_required}), so that the model that called {@code ask} cannot approve for them. A
 * client that cannot be asked gets no such call at all.
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
    public Optional<String> refusal(ToolCall call, int turn) {
        if (exchange.getClientCapabilities() == null || exchange.getClientCapabilities().elicitation() == null) {
            return Optional.of(call.name() + " changes something, and this MCP client cannot ask its user"
                    + " (no elicitation): nothing was changed.");
        }
        McpSchema.ElicitResult answer = exchange.createElicitation(McpSchema.ElicitRequest.builder("A model working"
                + " on your question wants to run " + call.name() + " with " + call.arguments()
                + ". It changes something. Allow it?", YES_NO).meta(Map.of(InputRequiredSignal.KEY_META,
                        key(call, turn))).build());
        if (answer.action() == McpSchema.ElicitResult.Action.ACCEPT && answer.content() != null
                && Boolean.TRUE.equals(answer.content().get("allow"))) {
            return Optional.empty();
        }
        return Optional.of("The user did not allow " + call.name() + ": nothing was changed.");
    }

    /**
     * The answer's key over MCP 2026-07-28, where answers are kept for the rest of the request: one per call and
     * turn, so that approving a call does not approve the same call asked for again in a later turn.
     */
    private static String key(ToolCall call, int turn) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((call.id() + "\n" + call.name() + "\n"
                    + call.arguments()).getBytes(StandardCharsets.UTF_8));
            return "approve-" + turn + "-" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
