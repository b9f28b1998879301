package dev.tandem.llm.backend.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.llm.ToolCall;

/**
 * Tool calls as OpenAI streams them: each delta names its call by {@code index}; the first carries the id and the
 * function name, the following ones pieces of the arguments, which are joined in order.
 */
final class StreamedToolCalls {

    private static final class Building {
        private String id = "";
        private String name = "";
        private final StringBuilder arguments = new StringBuilder();
    }

    private final Map<Integer, Building> calls = new TreeMap<>();

    void accept(JsonNode deltas) {
        for (JsonNode delta : deltas) {
            Building call = calls.computeIfAbsent(delta.path("index").asInt(calls.size()), i -> new Building());
            if (delta.path("id").isTextual()) {
                call.id = delta.path("id").asText();
            }
            JsonNode function = delta.path("function");
            if (function.path("name").isTextual()) {
                call.name += function.path("name").asText();
            }
            if (function.path("arguments").isTextual()) {
                call.arguments.append(function.path("arguments").asText());
            }
        }
    }

    boolean isEmpty() {
        return calls.isEmpty();
    }

    List<ToolCall> complete() {
        List<ToolCall> complete = new ArrayList<>();
        calls.values().forEach(c -> complete.add(new ToolCall(c.id, c.name, c.arguments.toString())));
        return complete;
    }
}
