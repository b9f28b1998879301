package dev.tandem.llm.api;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.ToolCall;
import dev.tandem.llm.plan.BranchResult;

/**
 * Whether the local and the provider model gave the same structured answer: the same tool calls (names and
 * arguments equal as JSON, in any order), or equal JSON. Reported only when both answered.
 */
final class StructuredAgreement {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StructuredAgreement() {
    }

    static Optional<Boolean> of(Optional<BranchResult> local, Optional<BranchResult> provider) {
        if (local.isEmpty() || provider.isEmpty()) {
            return Optional.empty();
        }
        BackendAnswer a = local.get().answer();
        BackendAnswer b = provider.get().answer();
        if (a.hasToolCalls() || b.hasToolCalls()) {
            return Optional.of(calls(a.toolCalls()).equals(calls(b.toolCalls())));
        }
        return Optional.of(json(a.text()).equals(json(b.text())));
    }

    private static Set<List<JsonNode>> calls(List<ToolCall> calls) {
        Set<List<JsonNode>> parsed = new HashSet<>();
        calls.forEach(c -> parsed.add(List.of(JSON.getNodeFactory().textNode(c.name()), json(c.arguments()))));
        return parsed;
    }

    private static JsonNode json(String text) {
        try {
            JsonNode parsed = JSON.readTree(text);
            return parsed == null ? JSON.getNodeFactory().textNode(text) : parsed;
        } catch (java.io.IOException notJson) {
            return JSON.getNodeFactory().textNode(text);
        }
    }
}
