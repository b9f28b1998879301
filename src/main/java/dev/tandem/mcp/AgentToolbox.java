package dev.tandem.mcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.tandem.config.Secrets;
import dev.tandem.http.Caller;
import dev.tandem.http.InvalidRequestException;
import dev.tandem.llm.agent.AgentTools;
import dev.tandem.llm.agent.ToolOutcome;
import dev.tandem.mcp.gateway.McpGateway;
import dev.tandem.mcp.gateway.ProxiedTool;
import dev.tandem.mcp.gateway.UpstreamUnavailableException;
import dev.tandem.tool.ToolDescriptor;
import dev.tandem.tool.ToolException;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * The tools of Tandem's MCP server as the agent's models use them, through the path of {@code tools/call}: the
 * caller's {@code write-tools} scope ({@link WriteScope}), then Tandem's own tool validated and run on its route, or
 * the upstream's tool called through the gateway. Results become the text a model reads.
 */
final class AgentToolbox implements AgentTools {

    private final ToolCalls calls;

    AgentToolbox(ToolCalls calls) {
        this.calls = calls;
    }

    @Override
    public List<ToolDescriptor> all() {
        List<ToolDescriptor> tools = new ArrayList<>(calls.catalog().all());
        if (calls.gateway() != null) {
            calls.gateway().tools().forEach(t -> tools.add(ToolCalls.descriptor(t.tool())));
        }
        return tools;
    }

    @Override
    public ToolOutcome call(ToolDescriptor tool, Map<String, Object> arguments, Optional<Caller> caller) {
        Optional<String> refusal = WriteScope.refusal(tool, caller);
        if (refusal.isPresent()) {
            return ToolOutcome.refused(refusal.get());
        }
        McpGateway gateway = calls.gateway();
        Optional<ProxiedTool> proxied = calls.catalog().find(tool.name()).isPresent() || gateway == null
                ? Optional.empty() : gateway.find(tool.name());
        try {
            McpSchema.CallToolResult result = proxied.isPresent()
                    ? gateway.call(proxied.get(), arguments, null, null, null)
                    : ToolCalls.success(calls.run(tool, arguments, null, null, caller));
            String text = text(result);
            return Boolean.TRUE.equals(result.isError()) ? ToolOutcome.error(Secrets.maskText(text))
                    : ToolOutcome.ok(text);
        } catch (UpstreamUnavailableException e) {
            String why = Secrets.maskText(e.getMessage());
            return e.timedOut() ? ToolOutcome.timeout(why) : ToolOutcome.error(why);
        } catch (ToolException | InvalidRequestException | McpError e) {
            return ToolOutcome.error(Secrets.maskText(e.getMessage()));
        }
    }

    /** The result's text blocks, else its structured content as JSON; other blocks are named, not inlined. */
    private static String text(McpSchema.CallToolResult result) {
        List<McpSchema.Content> content = result.content() == null ? List.of() : result.content();
        String text = content.stream().map(c -> c instanceof McpSchema.TextContent t ? t.text()
                : "[" + c.type() + " content, not shown to the model]").collect(Collectors.joining("\n"));
        if (text.isEmpty() && result.structuredContent() != null) {
            return String.valueOf(result.structuredContent());
        }
        return text;
    }
}
