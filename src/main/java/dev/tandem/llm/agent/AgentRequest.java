package dev.tandem.llm.agent;

import dev.tandem.llm.plan.CompletionRequest;

/**
 * A request that runs the tool loop: the conversation and settings as asked ({@code asked}, whose strategy applies
 * to every model turn), the tools it offers, whether it allows tools that change something, and the co-operative
 * strategy of the loop.
 */
public record AgentRequest(CompletionRequest asked, ToolSelection tools, boolean allowWrite, AgentStrategy strategy) {

    /** The exchange property that carries the request from the HTTP reader to the loop. */
    public static final String PROPERTY = "tandemAgentRequest";
}
