package dev.tandem.llm.agent;

import java.util.Optional;

import dev.tandem.llm.ToolCall;

/**
 * The person's word on one call of a tool that changes something, asked after the server and the request allowed it
 * (over MCP, through elicitation). {@link #REQUEST_DECIDES}: the request's own permission is the approval.
 */
@FunctionalInterface
public interface WriteApproval {

    WriteApproval REQUEST_DECIDES = (call, turn) -> Optional.empty();

    /**
     * Why the call may not run, or empty when it may. {@code turn} is the model turn that asked for it, counted over
     * the whole run: the same call asked for in another turn is another call, to be approved again.
     */
    Optional<String> refusal(ToolCall call, int turn);
}
