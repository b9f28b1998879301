package dev.tandem.llm.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.http.InvalidRequestException;
import dev.tandem.llm.agent.AgentRequest;
import dev.tandem.llm.agent.AgentStrategies;
import dev.tandem.llm.agent.ToolSelection;
import dev.tandem.llm.plan.CompletionRequest;

/**
 * Reads the tool loop's part of a request: {@code tools} ({@code "mcp"} or names and globs), {@code allow_write}
 * and {@code agent} (the co-operative strategy), in the {@code tandem} object of a chat completion or at the top of
 * an {@code /api/ask} body or the {@code ask} tool's arguments. No {@code tools}: no loop.
 */
final class AgentRequests {

    private AgentRequests() {
    }

    static Optional<AgentRequest> read(JsonNode holder, CompletionRequest request, String at) {
        JsonNode tools = holder.path("tools");
        if (tools.isMissingNode() || tools.isNull()) {
            if (holder.hasNonNull("allow_write") || holder.hasNonNull("agent")) {
                throw new InvalidRequestException(at + "allow_write and " + at + "agent need " + at + "tools.");
            }
            return Optional.empty();
        }
        if (!request.prompt().options().tools().isEmpty()) {
            throw new InvalidRequestException("A request offers either its own 'tools' (the client runs them) or "
                    + at + "tools (Tandem runs them), not both.");
        }
        JsonNode allowWrite = holder.path("allow_write");
        if (!allowWrite.isMissingNode() && !allowWrite.isNull() && !allowWrite.isBoolean()) {
            throw new InvalidRequestException(at + "allow_write must be true or false.");
        }
        JsonNode agent = holder.path("agent");
        if (!agent.isMissingNode() && !agent.isNull() && !agent.isTextual()) {
            throw new InvalidRequestException(at + "agent must be one of " + String.join(", ", AgentStrategies.NAMES)
                    + ".");
        }
        return Optional.of(new AgentRequest(request, selection(tools, at), allowWrite.asBoolean(false),
                agent.isTextual() ? AgentStrategies.named(agent.asText()) : AgentStrategies.DEFAULT));
    }

    private static ToolSelection selection(JsonNode tools, String at) {
        if (tools.isTextual() && ToolSelection.ALL.equals(tools.asText())) {
            return new ToolSelection(List.of(ToolSelection.ALL));
        }
        List<String> patterns = new ArrayList<>();
        if (tools.isArray()) {
            tools.forEach(t -> patterns.add(t.isTextual() && !t.asText().isBlank() ? t.asText() : null));
        }
        if (patterns.isEmpty() || patterns.contains(null)) {
            throw new InvalidRequestException(at + "tools must be \"mcp\" (every tool Tandem serves) or a non-empty"
                    + " list of tool names and globs such as [\"search_documents\", \"everything__*\"].");
        }
        return new ToolSelection(patterns);
    }
}
