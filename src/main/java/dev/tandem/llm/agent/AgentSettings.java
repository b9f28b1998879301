package dev.tandem.llm.agent;

import java.time.Duration;

/**
 * The server's word on the tool loop (TANDEM_AGENT_*): whether tools that change something may run at all, the
 * budgets of one request, the longest a tool call may take and the longest tool result a model is shown.
 */
public record AgentSettings(boolean allowWrite, int maxSteps, int maxToolCalls, Duration maxTime,
        long maxProviderTokens, Duration toolTimeout, int maxToolResultChars) {
}
