package dev.tandem.llm.agent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.http.Caller;
import dev.tandem.llm.PlanStep;
import dev.tandem.llm.ToolCall;
import dev.tandem.tool.ToolDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tool calls of one model turn: each checked first (offered, arguments an object, a tool that changes
 * something allowed by the server, the request and the person), then all allowed ones at once on Camel's pool, each
 * bounded by the tool timeout. Every call becomes a {@code tool} step as it ends, and an outcome for the model.
 */
final class ToolRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ToolRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final Supplier<AgentTools> tools;
    private final ExecutorService pool;
    private final AgentSettings settings;

    ToolRunner(Supplier<AgentTools> tools, ExecutorService pool, AgentSettings settings) {
        this.tools = tools;
        this.pool = pool;
        this.settings = settings;
    }

    /** The outcomes in the order of {@code calls}, all bounded by the tool timeout or the run's time left. */
    List<ToolOutcome> run(AgentRun run, String askedBy, List<ToolCall> calls, Optional<Caller> caller,
            WriteApproval approval) {
        List<Decided> decided = new ArrayList<>();
        for (ToolCall call : calls) {
            long start = run.elapsedMs();
            Optional<ToolDescriptor> tool = run.offered().stream().filter(t -> t.name().equals(call.name()))
                    .findFirst();
            Map<String, Object> arguments = arguments(call);
            Optional<ToolOutcome> refused = tool.isEmpty()
                    ? Optional.of(ToolOutcome.refused("The tool " + call.name() + " is not offered to this request."))
                    : arguments == null ? Optional.of(ToolOutcome.error("The arguments of " + call.name()
                            + " must be a JSON object."))
                    : refusal(run, tool.get(), call, approval);
            decided.add(new Decided(call, start, tool.orElse(null), arguments, refused.orElse(null)));
        }
        // every call of the turn is decided before any runs: a run that stops to wait for an approval ran none
        List<Pending> pending = decided.stream().map(d -> new Pending(d.call(), d.start(), d.refused(),
                d.refused() != null ? null : pool.submit(() -> tools.get().call(d.tool(), d.arguments(), caller))))
                .toList();
        // bounded after the checks: asking a person to approve a write may have taken some of the run's time
        Bound bound = bound(run);
        long deadline = System.nanoTime() + bound.within().toNanos();
        List<ToolOutcome> outcomes = new ArrayList<>();
        for (Pending p : pending) {
            ToolOutcome outcome = p.refused() != null ? p.refused() : await(p, deadline, bound);
            long end = run.elapsedMs();
            run.step(new PlanStep("tool", askedBy, p.start(), end - p.start(), outcome.outcome(),
                    outcome.ok() ? null : outcome.text(), p.call().name(), digest(p.call().arguments())));
            outcomes.add(outcome);
        }
        return outcomes;
    }

    private record Decided(ToolCall call, long start, ToolDescriptor tool, Map<String, Object> arguments,
            ToolOutcome refused) {
    }

    private record Pending(ToolCall call, long start, ToolOutcome refused, Future<ToolOutcome> future) {
    }

    /** How long the calls may take, and the setting that says so: a call cut short names the one that cut it. */
    private record Bound(Duration within, String why) {
    }

    private Bound bound(AgentRun run) {
        Duration left = settings.maxTime().minusMillis(run.elapsedMs());
        if (left.compareTo(settings.toolTimeout()) >= 0) {
            return new Bound(settings.toolTimeout(), "did not answer within " + settings.toolTimeout().toMillis()
                    + " ms (TANDEM_AGENT_TOOL_TIMEOUT_MS)");
        }
        return new Bound(left.isNegative() ? Duration.ZERO : left, "was still running when the request's wall time"
                + " of " + settings.maxTime().toMillis() + " ms ran out (TANDEM_AGENT_MAX_TIME_MS)");
    }

    /**
     * A tool that changes something runs only when the server (TANDEM_AGENT_ALLOW_WRITE), the request
     * ({@code allow_write}) and the person (over MCP, asked through elicitation) all allow it.
     */
    private Optional<ToolOutcome> refusal(AgentRun run, ToolDescriptor tool, ToolCall call, WriteApproval approval) {
        if (!tool.changesSomething()) {
            return Optional.empty();
        }
        if (!settings.allowWrite()) {
            return Optional.of(ToolOutcome.refused(tool.name() + " changes something, and this server does not let"
                    + " models run such tools (TANDEM_AGENT_ALLOW_WRITE=false). Nothing was changed."));
        }
        if (!run.request().allowWrite()) {
            return Optional.of(ToolOutcome.refused(tool.name() + " changes something, and the request did not allow"
                    + " it (\"allow_write\": true). Nothing was changed."));
        }
        return approval.refusal(call, run.turnCount()).map(ToolOutcome::refused);
    }

    private static ToolOutcome await(Pending p, long deadline, Bound bound) {
        try {
            return p.future().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            p.future().cancel(true);
            return ToolOutcome.timeout("The tool " + p.call().name() + " " + bound.why()
                    + ": its call was abandoned.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.future().cancel(true);
            return ToolOutcome.error("The call of " + p.call().name() + " was interrupted.");
        } catch (CancellationException | ExecutionException e) {
            LOG.warn("Tool {} failed", p.call().name(), e.getCause() == null ? e : e.getCause());
            return ToolOutcome.error("The tool " + p.call().name() + " failed; the server log has the details.");
        }
    }

    private static Map<String, Object> arguments(ToolCall call) {
        String text = call.arguments() == null || call.arguments().isBlank() ? "{}" : call.arguments();
        try {
            return JSON.readValue(text, OBJECT);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The first 16 hex digits of the arguments' SHA-256: enough to tell calls apart, nothing of what they said. */
    static String digest(String arguments) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(
                    (arguments == null ? "" : arguments).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
