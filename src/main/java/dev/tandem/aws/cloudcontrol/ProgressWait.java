package dev.tandem.aws.cloudcontrol;

import java.time.Duration;
import java.time.Instant;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import software.amazon.awssdk.services.cloudcontrol.CloudControlClient;
import software.amazon.awssdk.services.cloudcontrol.model.ProgressEvent;

/**
 * Waits, within a bound, for an asynchronous Cloud Control operation to finish, polling its request status and
 * telling an MCP client that asked for progress each time the status is read.
 */
final class ProgressWait {

    private final Duration pollInterval;

    ProgressWait(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    /** The last event seen: finished, or still running when {@code limit} passed. */
    ProgressEvent await(CloudControlClient client, ProgressEvent started, Duration limit,
            McpSyncServerExchange mcp, Object progressToken) {
        Instant deadline = Instant.now().plus(limit);
        ProgressEvent event = started;
        int polls = 0;
        while (!ProgressEvents.finished(event) && Instant.now().isBefore(deadline)) {
            sleep(Duration.ofMillis(Math.min(pollInterval.toMillis(),
                    Math.max(0, Duration.between(Instant.now(), deadline).toMillis()))));
            String token = event.requestToken();
            event = AwsCalls.run(() -> client.getResourceRequestStatus(r -> r.requestToken(token)).progressEvent());
            polls++;
            if (mcp != null && progressToken != null) {
                mcp.progressNotification(new McpSchema.ProgressNotification(progressToken, polls, null,
                        event.operationAsString() + " " + event.typeName() + ": " + event.operationStatusAsString()));
            }
        }
        return event;
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a Cloud Control operation", e);
        }
    }
}
