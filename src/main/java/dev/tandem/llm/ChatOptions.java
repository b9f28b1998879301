package dev.tandem.llm;

import java.util.List;
import java.util.Optional;

/**
 * What a request asks beyond the conversation: the tools offered and whether one must be called, the answer's
 * format, and the sampling settings a caller may fix ({@code null} = the backend's default).
 */
public record ChatOptions(List<ToolSpec> tools, ToolChoice toolChoice, Boolean parallelToolCalls,
        ResponseFormat responseFormat, List<String> stop, Long seed, Double topP) {

    public static final ChatOptions NONE = new ChatOptions(List.of(), ToolChoice.AUTO, null, ResponseFormat.TEXT,
            List.of(), null, null);

    public ChatOptions {
        tools = List.copyOf(tools);
        stop = List.copyOf(stop);
    }

    /** The tools the model may call: none when the caller said {@code tool_choice: none}. */
    public List<ToolSpec> callableTools() {
        return "none".equals(toolChoice.mode()) ? List.of() : tools;
    }

    public Optional<ToolSpec> tool(String name) {
        return callableTools().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** Whether an answer has a shape to check (a tool call or JSON) before it may reach the caller. */
    public boolean structured() {
        return !callableTools().isEmpty() || responseFormat.json();
    }
}
