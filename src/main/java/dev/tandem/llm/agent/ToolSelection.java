package dev.tandem.llm.agent;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

import dev.tandem.http.InvalidRequestException;
import dev.tandem.tool.ToolDescriptor;

/**
 * Which tools a request offers its models: {@code "mcp"} (every tool Tandem serves over MCP), or a list of names
 * and globs ({@code search_documents}, {@code everything__*}). The {@code ask} tool is never offered: a model asking
 * Tandem would start a loop inside the loop.
 */
public record ToolSelection(List<String> patterns) {

    public static final String ALL = "mcp";
    private static final String SELF = "ask";

    public ToolSelection {
        patterns = List.copyOf(patterns);
        if (patterns.isEmpty()) {
            throw new InvalidRequestException("'tools' must be \"mcp\" or a non-empty list of tool names and globs.");
        }
    }

    public List<ToolDescriptor> pick(List<ToolDescriptor> served) {
        List<PathMatcher> matchers = patterns.stream()
                .map(p -> FileSystems.getDefault().getPathMatcher("glob:" + p)).toList();
        return served.stream().filter(t -> !SELF.equals(t.name()))
                .filter(t -> patterns.contains(ALL) || matchers.stream().anyMatch(m -> m.matches(Path.of(t.name()))))
                .toList();
    }
}
