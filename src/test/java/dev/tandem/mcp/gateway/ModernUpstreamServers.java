package dev.tandem.mcp.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.NodePackages;
import dev.tandem.tool.RecentToolCalls;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;

/**
 * MCP servers that speak only the 2026-07-28 revision, from the TypeScript SDK v2 ({@code @modelcontextprotocol/server}
 * on npm) run with Node 22: the fixture {@code modern-upstream.mjs}, each on a free loopback port. Those started here
 * end with {@link #close()}.
 */
public final class ModernUpstreamServers implements AutoCloseable {

    static final List<String> PACKAGES = List.of("@modelcontextprotocol/server@2.4.0",
            "@modelcontextprotocol/node@2.1.2", "zod@4.6.7");
    private static final Path FIXTURE = Path.of("src", "test", "resources", "mcp-gateway", "modern-upstream.mjs")
            .toAbsolutePath();

    private final NodePackages node;
    private final Path script;
    /** The servers started here, by URL. */
    private final Map<String, Process> started = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

    private ModernUpstreamServers(NodePackages node, Path script) {
        this.node = node;
        this.script = script;
    }

    public static ModernUpstreamServers install() throws IOException, InterruptedException {
        NodePackages node = NodePackages.install("mcp-modern-upstream", PACKAGES, List.of(
                "node_modules/@modelcontextprotocol/server/dist/index.mjs",
                "node_modules/@modelcontextprotocol/node/dist/index.mjs"));
        // beside its packages, so that Node resolves them
        Path script = node.prefix().resolve("modern-upstream.mjs");
        Files.copy(FIXTURE, script, StandardCopyOption.REPLACE_EXISTING);
        return new ModernUpstreamServers(node, script);
    }

    /** Starts one; its tool listings say they stay fresh for {@code toolsTtlMs}. Returns its MCP URL. */
    public String start(long toolsTtlMs) throws IOException {
        Process process = new ProcessBuilder(node.nodeBinary().toString(), script.toString(),
                Long.toString(toolsTtlMs)).redirectError(node.prefix().resolve("modern-upstream-" + System.nanoTime()
                        + ".log").toFile()).start();
        // the fixture prints one line, once it accepts connections
        String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        if (line == null || !line.startsWith("listening ")) {
            process.destroy();
            throw new IllegalStateException("The modern MCP fixture did not start: " + line);
        }
        String url = "http://127.0.0.1:" + line.substring("listening ".length()).strip() + "/mcp";
        started.put(url, process);
        return url;
    }

    /** Ends the server at this URL and waits until it is gone. */
    void kill(String url) throws InterruptedException {
        Process process = started.remove(url);
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * The transport Tandem gives a 2026-07-28 upstream, for a client of its own (a baseline that speaks to the
     * server as Tandem does); its pools end with {@link #close()}.
     */
    public McpClientTransport transport(String url) {
        UpstreamSettings settings = new UpstreamSettings("direct", UpstreamSettings.Transport.HTTP, null, List.of(),
                Map.of(), Optional.empty(), URI.create(url), Map.of(), true, ToolFilter.ALL, Duration.ofSeconds(30),
                null);
        return EraChoice.transport(settings, new UpstreamRuntime(new JacksonMcpJsonMapper(new ObjectMapper()), workers,
                timers, new SimpleMeterRegistry(), 5, Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ZERO, new ProgressRelay(), new RecentToolCalls()));
    }

    @Override
    public void close() {
        started.values().forEach(Process::destroy);
        workers.shutdownNow();
        timers.shutdownNow();
    }
}
