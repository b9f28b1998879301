package dev.tandem.mcp.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.tandem.config.InvalidSettingException;
import io.modelcontextprotocol.spec.McpSchema;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servers of mcp.json behind Tandem's one endpoint: one {@link Upstream} per server, one catalogue of their
 * tools named by {@link ToolNames}, rebuilt whenever a listing or the file changes. The catalogue lives in memory, so
 * listing tools never waits for an upstream: a server that is down keeps its last good listing until it is removed
 * from the file. Listeners hear of every change (Tandem's MCP server then tells its clients).
 */
public final class McpGateway extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(McpGateway.class);

    private final Path file;
    private final Duration reloadInterval;
    private final Function<String, Optional<String>> variables;
    private final Duration defaultTimeout;
    private final UpstreamRuntime runtime;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final HealthCheckRegistry health;
    private volatile Supplier<Set<String>> reservedNames = Set::of;
    private volatile Map<String, Upstream> upstreams = Map.of();
    private volatile Map<String, ProxiedTool> catalogue = Map.of();
    private volatile Map<String, ProxiedPrompt> prompts = Map.of();
    private volatile Map<String, ProxiedResource> resources = Map.of();
    private volatile List<UpstreamSettings> current;
    private volatile String lastFileProblem;

    McpGateway(Path file, Duration reloadInterval, Function<String, Optional<String>> variables,
            Duration defaultTimeout, UpstreamRuntime runtime, HealthCheckRegistry health) {
        this.file = file;
        this.reloadInterval = reloadInterval;
        this.health = health;
        this.variables = variables;
        this.defaultTimeout = defaultTimeout;
        this.runtime = runtime;
        // read now so that a malformed file stops start-up, naming the field
        this.current = McpServersFile.read(file, variables, defaultTimeout);
    }

    /**
     * How often {@link #reload()} runs, as the settings check read it: the reload route asks here
     * ({@code {{bean:mcpGateway.reloadMillis}}}) rather than reading the raw setting.
     */
    public long reloadMillis() {
        return reloadInterval.toMillis();
    }

    /** The names upstream tools must not take: Tandem's own tools. */
    public void reserve(Supplier<Set<String>> names) {
        this.reservedNames = names;
        rebuildCatalogue();
    }

    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** Starts the servers of the file read at start-up, each in the background. */
    @Override
    protected synchronized void doStart() {
        apply(current);
    }

    /**
     * Reads mcp.json again and applies what changed: new servers start, removed ones stop once their calls in flight
     * finish, changed ones are replaced. A file that became malformed is logged and changes nothing.
     */
    public synchronized void reload() {
        List<UpstreamSettings> read;
        try {
            read = Files.exists(file) ? McpServersFile.read(file, variables, defaultTimeout) : List.of();
        } catch (InvalidSettingException e) {
            if (!e.getMessage().equals(lastFileProblem)) {
                LOG.warn("{} The servers keep running as they were.", e.getMessage());
                lastFileProblem = e.getMessage();
            }
            return;
        }
        lastFileProblem = null;
        if (!read.equals(current)) {
            LOG.info("{} changed: applying it", file);
            current = read;
            apply(read);
        }
    }

    private void apply(List<UpstreamSettings> wanted) {
        Map<String, Upstream> before = upstreams;
        Map<String, Upstream> after = new LinkedHashMap<>();
        List<Upstream> started = new ArrayList<>();
        for (UpstreamSettings settings : wanted) {
            Upstream existing = before.get(settings.name());
            if (existing != null && existing.settings().equals(settings)) {
                after.put(settings.name(), existing);
            } else {
                Upstream upstream = new Upstream(settings, runtime, this::rebuildCatalogue);
                after.put(settings.name(), upstream);
                if (existing != null) {
                    health.unregister(existing.healthCheck());
                }
                health.register(upstream.healthCheck());
                started.add(upstream);
                if (settings.problem() != null) {
                    LOG.warn("MCP server {} cannot start: {}", settings.name(), settings.problem());
                }
            }
        }
        upstreams = Map.copyOf(after);
        before.forEach((name, upstream) -> {
            if (after.get(name) != upstream) {
                upstream.stop();
                if (!after.containsKey(name)) {
                    health.unregister(upstream.healthCheck());
                }
            }
        });
        rebuildCatalogue();
        started.forEach(Upstream::start);
    }

    private synchronized void rebuildCatalogue() {
        ToolNames names = new ToolNames(reservedNames.get());
        Map<String, ProxiedTool> tools = new LinkedHashMap<>();
        for (UpstreamSettings settings : current) {
            Upstream upstream = upstreams.get(settings.name());
            if (upstream == null) {
                continue;
            }
            for (McpSchema.Tool tool : upstream.tools()) {
                String name = names.assign(upstream.name(), tool.name());
                tools.put(name, new ProxiedTool(upstream.name(), tool.name(), new McpSchema.Tool(name, tool.title(),
                        tool.description(), tool.inputSchema(), tool.outputSchema(), tool.annotations(), tool.meta(),
                        tool.icons())));
            }
        }
        Map<String, ProxiedPrompt> newPrompts = new LinkedHashMap<>();
        Map<String, ProxiedResource> newResources = new LinkedHashMap<>();
        ToolNames promptNames = new ToolNames(Set.of());
        for (UpstreamSettings settings : current) {
            Upstream upstream = upstreams.get(settings.name());
            if (upstream == null) {
                continue;
            }
            for (McpSchema.Prompt prompt : upstream.prompts()) {
                String name = promptNames.assign(upstream.name(), prompt.name());
                newPrompts.put(name, new ProxiedPrompt(upstream.name(), prompt.name(), new McpSchema.Prompt(name,
                        prompt.title(), prompt.description(), prompt.arguments(), prompt.meta(), prompt.icons())));
            }
            // a URI two servers both list belongs to the first in the file
            upstream.resources().forEach(r -> newResources.putIfAbsent(r.uri(), new ProxiedResource(upstream.name(),
                    r)));
        }
        if (!tools.equals(catalogue) || !newPrompts.equals(prompts) || !newResources.equals(resources)) {
            catalogue = Collections.unmodifiableMap(tools);
            prompts = Collections.unmodifiableMap(newPrompts);
            resources = Collections.unmodifiableMap(newResources);
            listeners.forEach(Runnable::run);
        }
    }

    /** Every upstream prompt on offer, as {@code <server>__<prompt>} (the naming rule of tools). */
    public List<ProxiedPrompt> prompts() {
        return List.copyOf(prompts.values());
    }

    /** Every upstream resource on offer, under its own URI. */
    public List<ProxiedResource> resources() {
        return List.copyOf(resources.values());
    }

    public McpSchema.GetPromptResult getPrompt(String name, Map<String, Object> arguments) {
        ProxiedPrompt prompt = prompts.get(name);
        if (prompt == null) {
            throw new UpstreamUnavailableException("There is no prompt " + name + ".",
                    UpstreamUnavailableException.Kind.DOWN);
        }
        return owner(prompt.server()).getPrompt(prompt.upstreamName(), arguments);
    }

    public McpSchema.ReadResourceResult readResource(String uri) {
        ProxiedResource resource = resources.get(uri);
        if (resource == null) {
            throw new UpstreamUnavailableException("There is no resource " + uri + ".",
                    UpstreamUnavailableException.Kind.DOWN);
        }
        return owner(resource.server()).readResource(uri);
    }

    private Upstream owner(String server) {
        Upstream upstream = upstreams.get(server);
        if (upstream == null) {
            throw new UpstreamUnavailableException("The MCP server " + server + " was removed from mcp.json.",
                    UpstreamUnavailableException.Kind.DOWN);
        }
        return upstream;
    }

    /** Every upstream tool on offer, in file order. */
    public List<ProxiedTool> tools() {
        return List.copyOf(catalogue.values());
    }

    public Optional<ProxiedTool> find(String name) {
        return Optional.ofNullable(catalogue.get(name));
    }

    /**
     * Calls an upstream tool: at most its server's timeout, refused at once while the server is down or its circuit
     * is open ({@link UpstreamUnavailableException}). With a {@code progress} listener, the upstream's progress
     * notifications of this call reach it (under the token the upstream was given); with an {@code elicitor}, the
     * upstream's elicitation requests during the call do.
     */
    public McpSchema.CallToolResult call(ProxiedTool tool, Map<String, Object> arguments, Map<String, Object> meta,
            Consumer<McpSchema.ProgressNotification> progress,
            Function<McpSchema.ElicitRequest, McpSchema.ElicitResult> elicitor) {
        Upstream upstream = owner(tool.server());
        if (progress == null) {
            return upstream.call(tool.upstreamName(), arguments, meta, elicitor);
        }
        String token = runtime.progress().open(progress);
        try {
            Map<String, Object> upstreamMeta = meta == null ? new HashMap<>() : new HashMap<>(meta);
            upstreamMeta.put("progressToken", token);
            return upstream.call(tool.upstreamName(), arguments, upstreamMeta, elicitor);
        } finally {
            runtime.progress().close(token);
        }
    }

    /** What {@code GET /api/mcp/servers} shows: name, transport, state, tool count, last error, latency. */
    public List<Map<String, Object>> servers() {
        return current.stream().map(s -> upstreams.get(s.name())).filter(Objects::nonNull).map(Upstream::status)
                .toList();
    }

    /** {@code {"servers": [...]}}: the answer of {@code GET /api/mcp/servers} and of the tool {@code mcp_servers}. */
    public Map<String, Object> report() {
        return Map.of("servers", servers());
    }

    Map<String, Upstream> upstreams() {
        return upstreams;
    }

    /** Tandem is stopping: every upstream ends now. */
    @Override
    protected synchronized void doStop() {
        // restarts still waiting for their back-off would only start what is being stopped
        runtime.timers().shutdownNow();
        upstreams.values().forEach(Upstream::close);
        // a worker still blocked on an upstream that never answers (its initialize, a call) would hold Tandem's
        // stop for the pool's grace period: interrupted, it ends now, and a stopping upstream reports nothing
        runtime.workers().shutdownNow();
    }
}
