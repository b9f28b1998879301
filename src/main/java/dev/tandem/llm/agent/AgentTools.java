package dev.tandem.llm.agent;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tandem.http.Caller;
import dev.tandem.tool.ToolDescriptor;

/**
 * The tools a model may be offered and the one way the agent calls them: the path MCP {@code tools/call} takes (the
 * caller's scopes, argument validation, the tool's route and its metrics), implemented beside the MCP server.
 */
public interface AgentTools {

    /** Tandem's own tools and the upstreams' ({@code <server>__<tool>}), as served now. */
    List<ToolDescriptor> all();

    /** Runs one tool for {@code caller} (empty: a call from inside Tandem); blocks, stops when interrupted. */
    ToolOutcome call(ToolDescriptor tool, Map<String, Object> arguments, Optional<Caller> caller);
}
