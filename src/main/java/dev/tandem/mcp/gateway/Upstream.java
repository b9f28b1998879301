package dev.tandem.mcp.gateway;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import dev.tandem.config.Secrets;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Timer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server of mcp.json, reached through the MCP Java SDK client: connected in the background, its tool listing
 * kept as the last good one while it is down, restarted with back-off when it dies or cannot be reached, its calls
 * bounded by its timeout and its circuit. Pinged while ready, so that one gone quiet (an HTTP server stopped, a hung
 * process) is seen down and reconnected without waiting for a call to fail on it. Stopping lets the calls in flight
 * finish first.
 */
final class Upstream {

    enum State {
        /** Connecting for the first time. */
        STARTING,
        READY,
        /** Was ready, went down: its last listing is still served while it is started again. */
        RESTARTING,
        /** Cannot run as configured, or never connected (tried again with back-off unless misconfigured). */
        FAILED,
        DISABLED,
        STOPPED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Upstream.class);
    static final McpSchema.Implementation CLIENT_INFO = new McpSchema.Implementation("tandem", "0.1.0");

    private final UpstreamSettings settings;
    private final UpstreamRuntime runtime;
    private final Runnable changed;
    private final CircuitBreaker breaker;
    private final UpstreamHealthCheck healthCheck;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** The callers of the tool calls in flight that can answer an elicitation, by call. */
    private final Map<Long, Function<McpSchema.ElicitRequest, McpSchema.ElicitResult>> elicitors =
            new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();
    private final CallCancellation cancellation = new CallCancellation();
    private volatile McpSyncClient client;
    /** The client whose initialize is under way, closed if Tandem stops meanwhile. */
    private volatile McpSyncClient connecting;
    private volatile State state;
    private volatile String lastError;
    private final NewestListing<List<McpSchema.Tool>> tools = new NewestListing<>(List.of());
    private final NewestListing<List<McpSchema.Prompt>> prompts = new NewestListing<>(List.of());
    private final NewestListing<List<McpSchema.Resource>> resources = new NewestListing<>(List.of());
    private volatile long lastLatencyMillis = -1;
    private volatile String protocolVersion;
    private volatile boolean stopping;
    private volatile ScheduledFuture<?> pings;
    private final AtomicBoolean pinging = new AtomicBoolean();
    private boolean everReady;
    private int failuresInARow;

    Upstream(UpstreamSettings settings, UpstreamRuntime runtime, Runnable changed) {
        this.settings = settings;
        this.runtime = runtime;
        this.changed = changed;
        this.state = settings.problem() != null ? State.FAILED : settings.enabled() ? State.STARTING : State.DISABLED;
        this.lastError = settings.problem();
        // count-based window of N with a 100% threshold = N failures in a row; an upstream's own JSON-RPC error is
        // an answer, not a failure
        this.breaker = CircuitBreaker.of(settings.name(), CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(runtime.breakerFailures()).minimumNumberOfCalls(runtime.breakerFailures())
                .failureRateThreshold(100).waitDurationInOpenState(runtime.breakerCoolDown())
                .permittedNumberOfCallsInHalfOpenState(1).ignoreExceptions(McpError.class)
                .ignoreException(Upstream::interruption).build());
        this.healthCheck = new UpstreamHealthCheck(this);
    }

    String name() {
        return settings.name();
    }

    UpstreamSettings settings() {
        return settings;
    }

    /** The offered tools of the last good listing, under the upstream's own names. */
    List<McpSchema.Tool> tools() {
        return tools.current();
    }

    /** Its prompts and resources of the last good listing. */
    List<McpSchema.Prompt> prompts() {
        return prompts.current();
    }

    List<McpSchema.Resource> resources() {
        return resources.current();
    }

    void start() {
        if (state == State.STARTING) {
            runtime.workers().execute(this::connect);
            long every = runtime.pingInterval().toMillis();
            if (every > 0) {
                pings = runtime.timers().scheduleWithFixedDelay(this::pingWhenReady, every, every,
                        TimeUnit.MILLISECONDS);
            }
        }
    }

    /** A ping on a worker (it may take the whole timeout), one at a time; the timer only starts it. */
    private void pingWhenReady() {
        if (state == State.READY && pinging.compareAndSet(false, true)) {
            runtime.workers().execute(() -> {
                try {
                    ping();
                } finally {
                    pinging.set(false);
                }
            });
        }
    }

    private void ping() {
        McpSyncClient current = client;
        if (current == null) {
            return;
        }
        try {
            current.ping();
        } catch (McpError e) {
            // an answer, even an error, says the server is there
        } catch (RuntimeException e) {
            lost(current, "a ping failed: " + describe(e));
        }
    }

    private void connect() {
        if (stopping) {
            return;
        }
        McpSyncClient candidate = null;
        try {
            McpClientTransport transport = EraChoice.transport(settings, runtime);
            candidate = McpClient.sync(new ProgressOrder(cancellation.watch(transport), runtime.progress()))
                    .clientInfo(CLIENT_INFO)
                    .requestTimeout(settings.timeout()).initializationTimeout(settings.timeout())
                    .toolsChangeConsumer(t -> changedIf(tools.apply(tools.next(), offered(t))))
                    .capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
                    .elicitation(this::elicit)
                    .promptsChangeConsumer(p -> changedIf(prompts.apply(prompts.next(), p)))
                    .resourcesChangeConsumer(r -> changedIf(resources.apply(resources.next(), r)))
                    .progressConsumer(runtime.progress()::deliver).build();
            connecting = candidate;
            McpSchema.InitializeResult init = candidate.initialize();
            McpSchema.ServerCapabilities capabilities = candidate.getServerCapabilities();
            long toolsAsked = tools.next();
            List<McpSchema.Tool> listing = capabilities.tools() == null ? List.of()
                    : candidate.listTools().tools();
            long promptsAsked = prompts.next();
            List<McpSchema.Prompt> promptListing = capabilities.prompts() == null ? List.of()
                    : candidate.listPrompts().prompts();
            long resourcesAsked = resources.next();
            List<McpSchema.Resource> resourceListing = capabilities.resources() == null ? List.of()
                    : candidate.listResources().resources();
            synchronized (this) {
                connecting = null;
                if (stopping) {
                    closeQuietly(candidate);
                    return;
                }
                client = candidate;
                protocolVersion = init.protocolVersion();
                failuresInARow = 0;
                lastError = null;
                everReady = true;
                state = State.READY;
                prompts.apply(promptsAsked, promptListing);
                resources.apply(resourcesAsked, resourceListing);
            }
            tools.apply(toolsAsked, offered(listing));
            changed.run(); // this connection's first listings, those of them that were the newest
            LOG.info("MCP server {} ready over {}: {} of its {} tools offered, protocol {}", name(),
                    settings.transport().label(), tools().size(), listing.size(), protocolVersion);
            if (transport instanceof StdioClientTransport stdio) {
                McpSyncClient watched = candidate;
                runtime.workers().execute(() -> restartWhenExited(stdio, watched));
            }
        } catch (RuntimeException e) {
            connecting = null;
            closeQuietly(candidate);
            down(describe(e));
        }
    }

    /** Blocks a worker until the child process ends: then, unless Tandem stopped it, it is started again. */
    private void restartWhenExited(StdioClientTransport stdio, McpSyncClient watched) {
        try {
            stdio.awaitForExit();
        } catch (RuntimeException e) {
            // interrupted while Tandem stops
        }
        lost(watched, "the process exited");
    }

    /**
     * A request failed below JSON-RPC (refused connection, broken stream, dead process): the connection is gone, so
     * it is dropped and made again with back-off, rather than failing every call until Tandem restarts. An HTTP
     * server that went away and came back is reached again this way.
     */
    private void lost(McpSyncClient failed, String reason) {
        synchronized (this) {
            if (stopping || client != failed) {
                return;
            }
            client = null;
        }
        runtime.workers().execute(() -> closeQuietly(failed));
        down(reason);
    }

    private synchronized void down(String reason) {
        if (stopping) {
            return;
        }
        failuresInARow++;
        lastError = reason;
        state = everReady ? State.RESTARTING : State.FAILED;
        Duration wait = runtime.backOff(failuresInARow);
        LOG.warn("MCP server {} is down ({}); starting it again in {} ms", name(), reason, wait.toMillis());
        runtime.timers().schedule(() -> runtime.workers().execute(this::connect), wait.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The tools of a listing that mcp.json lets this server offer. */
    private List<McpSchema.Tool> offered(List<McpSchema.Tool> listing) {
        return listing.stream().filter(t -> settings.tools().offers(t.name())).toList();
    }

    /**
     * A listing that arrived after this connection's first ones was applied (unless a newer one had been,
     * {@link NewestListing}): the gateway rebuilds its catalogue from every upstream's current listings.
     */
    private void changedIf(boolean applied) {
        if (applied) {
            changed.run();
        }
    }

    /**
     * An upstream's elicitation request goes to the caller of the tool call in flight, when there is exactly one
     * and its client supports elicitation: the SDK client does not say which call a server's request belongs to, so
     * with several in flight it is declined rather than sent to someone who did not ask. A server whose entry says
     * {@code "elicitation": "decline"} has every question declined at once.
     */
    private McpSchema.ElicitResult elicit(McpSchema.ElicitFormRequest request) {
        if (settings.elicitation() == UpstreamSettings.Elicitation.ASK && inFlight.get() == 1
                && elicitors.size() == 1) {
            return elicitors.values().iterator().next().apply(request);
        }
        return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.DECLINE, null);
    }

    /**
     * Calls one of its tools by the upstream's own name; {@code meta} travels as the request's {@code _meta};
     * {@code elicitor}, when the caller supports elicitation, answers the upstream's elicitation requests. A call
     * that times out, or whose thread is interrupted (its caller cancelled it), is cancelled at the upstream too.
     */
    McpSchema.CallToolResult call(String tool, Map<String, Object> arguments, Map<String, Object> meta,
            Function<McpSchema.ElicitRequest, McpSchema.ElicitResult> elicitor) {
        long started = System.nanoTime();
        String outcome = "failed";
        long id = calls.incrementAndGet();
        if (elicitor != null) {
            elicitors.put(id, elicitor);
        }
        try {
            McpSchema.CallToolResult result = cancellable(tool, tag -> c -> c.callTool(new McpSchema.CallToolRequest(
                    tool, arguments, CallCancellation.tagged(meta, tag))));
            outcome = Boolean.TRUE.equals(result.isError()) ? "tool_error" : "ok";
            return result;
        } catch (UpstreamUnavailableException e) {
            outcome = e.kind().label();
            throw e;
        } catch (McpError e) {
            outcome = "rpc_error";
            throw e;
        } finally {
            elicitors.remove(id);
            long nanos = System.nanoTime() - started;
            lastLatencyMillis = TimeUnit.NANOSECONDS.toMillis(nanos);
            record(tool, outcome, nanos, arguments);
        }
    }

    /** One of its prompts, by the upstream's own name; cancelled at the upstream as a tool call is. */
    McpSchema.GetPromptResult getPrompt(String prompt, Map<String, Object> arguments) {
        return cancellable("prompt " + prompt, tag -> c -> c.getPrompt(new McpSchema.GetPromptRequest(prompt,
                arguments, CallCancellation.tagged(null, tag))));
    }

    McpSchema.ReadResourceResult readResource(String uri) {
        return cancellable("resource " + uri, tag -> c -> c.readResource(new McpSchema.ReadResourceRequest(uri,
                CallCancellation.tagged(null, tag))));
    }

    /**
     * A {@link #request} tagged for {@link CallCancellation}: one that times out, or whose thread is interrupted (its
     * caller gave it up), is cancelled at the upstream too.
     */
    private <T> T cancellable(String what, Function<String, Function<McpSyncClient, T>> tagged) {
        String tag = cancellation.open();
        try {
            return request(what, tagged.apply(tag));
        } catch (UpstreamUnavailableException e) {
            if (e.kind() == UpstreamUnavailableException.Kind.TIMEOUT
                    || e.kind() == UpstreamUnavailableException.Kind.CANCELLED) {
                cancellation.cancel(tag, e.getMessage());
            }
            throw e;
        } finally {
            cancellation.close(tag);
        }
    }

    /**
     * Sends one request: refused at once while the server is down or its circuit is open, bounded by its timeout,
     * counted in flight so that stopping waits for it. An upstream's own JSON-RPC error ({@link McpError}) passes.
     */
    private <T> T request(String what, Function<McpSyncClient, T> send) {
        McpSyncClient current = client;
        if (current == null) {
            throw new UpstreamUnavailableException("The MCP server " + name() + " is " + state.label()
                    + (lastError == null ? "" : " (" + Secrets.maskText(lastError) + ")") + ": try again shortly.",
                    UpstreamUnavailableException.Kind.DOWN);
        }
        inFlight.incrementAndGet();
        try {
            return breaker.executeSupplier(() -> send.apply(current));
        } catch (CallNotPermittedException e) {
            throw new UpstreamUnavailableException("Calls to the MCP server " + name() + " are paused after "
                    + runtime.breakerFailures() + " failures in a row; the next one is tried after "
                    + runtime.breakerCoolDown().toSeconds() + " s.", UpstreamUnavailableException.Kind.CIRCUIT_OPEN);
        } catch (McpError e) {
            throw e;
        } catch (RuntimeException e) {
            if (timedOut(e)) {
                throw new UpstreamUnavailableException("The MCP server " + name() + " did not answer " + what
                        + " within " + settings.timeout().toMillis() + " ms.",
                        UpstreamUnavailableException.Kind.TIMEOUT);
            }
            if (abandoned(e)) {
                // the caller gave up on the call (a tool timeout of the agent, a cancelled request): the server may
                // be well, so it is neither restarted nor reconnected
                throw new UpstreamUnavailableException("The call of " + what + " to the MCP server " + name()
                        + " was cancelled by its caller.", UpstreamUnavailableException.Kind.CANCELLED);
            }
            String reason = describe(e);
            lost(current, reason);
            throw new UpstreamUnavailableException("The MCP server " + name() + " failed on " + what + ": "
                    + reason, UpstreamUnavailableException.Kind.FAILED);
        } finally {
            if (inFlight.decrementAndGet() == 0 && stopping) {
                closeQuietly(client);
            }
        }
    }

    private void record(String tool, String outcome, long nanos, Map<String, Object> arguments) {
        Timer.builder("tandem.mcp.upstream.calls").description("Calls proxied to upstream MCP servers")
                .tag("server", name()).tag("tool", tool).tag("outcome", outcome).register(runtime.meters())
                .record(nanos, TimeUnit.NANOSECONDS);
        LOG.info("MCP call {}/{} {} in {} ms", name(), tool, outcome, TimeUnit.NANOSECONDS.toMillis(nanos));
        runtime.recentCalls().record(name(), tool, outcome, TimeUnit.NANOSECONDS.toMillis(nanos));
        if (LOG.isDebugEnabled()) {
            LOG.debug("MCP call {}/{} arguments {}", name(), tool, Secrets.maskText(String.valueOf(arguments)));
        }
    }

    /**
     * Stops the upstream: no new calls; the calls in flight finish (or reach their timeout) before the client is
     * closed and a child process ends.
     */
    void stop() {
        McpSyncClient current;
        synchronized (this) {
            stopping = true;
            state = State.STOPPED;
            current = client;
        }
        stopPings();
        if (current != null && inFlight.get() == 0) {
            closeQuietly(current);
        } else if (current != null) {
            runtime.timers().schedule(() -> closeQuietly(current), settings.timeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Stops now, whatever is in flight or still connecting: Tandem is stopping. */
    void close() {
        stopping = true;
        state = State.STOPPED;
        stopPings();
        for (McpSyncClient c : new McpSyncClient[] {client, connecting}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private void stopPings() {
        ScheduledFuture<?> scheduled = pings;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }

    Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("name", name());
        status.put("transport", settings.transport().label());
        status.put("state", state.label());
        status.put("tools", tools().size());
        status.put("lastError", lastError == null ? null : Secrets.maskText(lastError));
        status.put("latencyMs", lastLatencyMillis < 0 ? null : lastLatencyMillis);
        status.put("protocolVersion", protocolVersion);
        status.put("circuit", breaker.getState().name().toLowerCase(Locale.ROOT));
        status.put("inFlight", inFlight.get());
        return status;
    }

    UpstreamHealthCheck healthCheck() {
        return healthCheck;
    }

    State state() {
        return state;
    }

    private static void closeQuietly(McpSyncClient client) {
        if (client == null) {
            return;
        }
        try {
            client.closeGracefully();
        } catch (RuntimeException e) {
            LOG.debug("Closing an MCP client failed", e);
        }
    }

    private static boolean abandoned(Throwable e) {
        return Thread.currentThread().isInterrupted() || interruption(e);
    }

    /** The caller's thread was interrupted: the call was given up, which says nothing of the server's health. */
    private static boolean interruption(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The innermost message, masked: what a user can act on, without class names. A server that stops refuses new
     * connections and resets the ones calls are on; both are said in words.
     */
    static String describe(Throwable e) {
        if (timedOut(e)) {
            return "no answer in time";
        }
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "it refused the connection";
            }
            // reset (a SocketException or NIO's IOException), closed while the request was still going out (broken
            // pipe) or before its answer (the JDK client's EOF): either way the server dropped the call
            String words = String.valueOf(t.getMessage());
            if (t instanceof IOException && (words.startsWith("Connection reset") || words.startsWith("Broken pipe"))
                    || t instanceof EOFException) {
                return "it closed the connection";
            }
            // a wrapper's message that only repeats its cause's class name says nothing to a user
            boolean ownWords = t.getCause() == null || !t.getCause().toString().equals(t.getMessage());
            if (t.getMessage() != null && !t.getMessage().isBlank() && ownWords) {
                message = t.getMessage();
            }
        }
        return message == null ? "it failed without a message" : Secrets.maskText(message);
    }
}
