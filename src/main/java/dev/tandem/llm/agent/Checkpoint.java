package dev.tandem.llm.agent;

import java.util.List;

import dev.tandem.llm.ChatMessage;
import dev.tandem.llm.PlanStep;
import dev.tandem.llm.ToolCall;

/**
 * Where a run stopped to wait for a person's approval of a call (over MCP 2026-07-28, whose client answers in a
 * later request, maybe on another replica): the conversation, ending with the model's message that asked for the
 * calls; those calls, none of which has run; the model that asked, the turn its strategy chose after it (null: the
 * run ends there, with {@code text}); the model turns and tool calls so far, the steps, the provider tokens and the
 * time spent. Resuming from it runs the calls and goes on without asking the model that turn again.
 */
record Checkpoint(List<ChatMessage> conversation, List<ToolCall> calls, String askedBy, Turn next, String text,
        int turns, int toolCalls, List<PlanStep> steps, long providerTokens, long elapsedMs) {
}
