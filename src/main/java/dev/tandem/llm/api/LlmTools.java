package dev.tandem.llm.api;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.http.ApiException;
import dev.tandem.llm.Backends;
import dev.tandem.llm.ModelContext;
import dev.tandem.llm.Prices;
import dev.tandem.llm.agent.AgentLoop;
import dev.tandem.llm.agent.AgentRequest;
import dev.tandem.llm.plan.CompletionRequest;
import dev.tandem.llm.plan.PlanRun;
import dev.tandem.tool.Resumption;
import dev.tandem.tool.ToolException;
import dev.tandem.tool.ToolHeaders;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import org.apache.camel.Body;
import org.apache.camel.Exchange;

/** The LLM tools: {@code ask} (the hybrid flow, as {@code /api/ask}) and {@code list_models}. */
public final class LlmTools {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Backends backends;
    private final Prices prices;

    public LlmTools(Backends backends, Prices prices) {
        this.backends = backends;
        this.prices = prices;
    }

    /**
     * The tool's arguments as the request the {@code llm-chat} flow takes; with {@code tools}, also the tool loop's
     * request, whose write tools the MCP client's user approves (elicitation; over 2026-07-28 {@code input_required},
     * the run resuming from its checkpoint when the answer comes).
     */
    public CompletionRequest askRequest(@Body Map<String, Object> arguments, Exchange exchange) {
        JsonNode body = JSON.valueToTree(arguments);
        CompletionRequest request = CompletionRequests.fromAsk(body);
        AgentRequests.read(body, request, "").ifPresent(agent -> {
            exchange.setProperty(AgentRequest.PROPERTY, agent);
            McpSyncServerExchange mcp = exchange.getMessage().getHeader(ToolHeaders.MCP_EXCHANGE,
                    McpSyncServerExchange.class);
            if (mcp != null) {
                exchange.setProperty(AgentLoop.APPROVAL, new ElicitedApproval(mcp));
                if (mcp.transportContext().get(Resumption.CONTEXT_KEY) instanceof Resumption resumption) {
                    exchange.setProperty(AgentLoop.RESUMPTION, resumption);
                }
            }
        });
        return request;
    }

    public Map<String, Object> answer(Exchange exchange) {
        ChatOutcome outcome = new ChatOutcome(exchange.getProperty(PlanRun.PROPERTY, PlanRun.class), prices);
        try {
            return outcome.askAnswer();
        } catch (ApiException e) {
            throw new ToolException(e.status(), e.getMessage());
        }
    }

    public Map<String, Object> listModels() {
        List<Map<String, Object>> models = backends.all().stream().map(g -> Map.<String, Object>of(
                "id", g.backend().id(), "role", g.backend().role().name().toLowerCase(Locale.ROOT),
                "context", ModelContext.of(g.backend().describe(), g.runtime()))).toList();
        return Map.of("hybrid", CompletionRequest.HYBRID_MODEL, "models", models);
    }
}
