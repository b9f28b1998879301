package dev.tandem.mcp.gateway;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.NodePackages;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;

/**
 * The real MCP servers the gateway tests put behind Tandem, from npm: {@code server-everything} (stdio, or its
 * Streamable HTTP mode on a free loopback port) and {@code server-filesystem} (stdio), run with Node 22. Entries are
 * mcp.json server objects; HTTP servers started here end with {@link #close()}.
 */
public final class UpstreamServers implements AutoCloseable {

    static final String EVERYTHING = "@modelcontextprotocol/server-everything@2026.8.31";
    static final String FILESYSTEM = "@modelcontextprotocol/server-filesystem@2026.8.31";
    private static final Path LOOPBACK = Path.of("src", "test", "resources", "mcp-gateway", "loopback.cjs")
            .toAbsolutePath();

    private final NodePackages node;
    /** The HTTP servers started here, by port. */
    private final Map<Integer, Process> started = new ConcurrentHashMap<>();

    private UpstreamServers(NodePackages node) {
        this.node = node;
    }

    public static UpstreamServers install() throws IOException, InterruptedException {
        return new UpstreamServers(NodePackages.install("mcp-gateway", List.of(EVERYTHING, FILESYSTEM), List.of(
                "node_modules/@modelcontextprotocol/server-everything/dist/index.js",
                "node_modules/@modelcontextprotocol/server-filesystem/dist/index.js")));
    }

    public Path nodeBinary() {
        return node.nodeBinary();
    }

    public Path everythingScript() {
        return node.module("@modelcontextprotocol/server-everything/dist/index.js");
    }

    /**
     * server-everything over stdio, with these variables of its own; {@code marker}, an argument the server ignores,
     * tells its process from the others'.
     */
    public Map<String, Object> everythingStdio(Map<String, String> env, String marker) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("command", node.nodeBinary().toString());
        entry.put("args", List.of(everythingScript().toString(), "stdio", marker));
        entry.put("env", env);
        return entry;
    }

    /**
     * server-everything over stdio through the transport Tandem gives its stdio upstreams, for a client of its own
     * (a baseline that sends its messages as Tandem does).
     */
    public McpClientTransport everythingStdioTransport() {
        return UpstreamTransports.create(new UpstreamSettings("direct", UpstreamSettings.Transport.STDIO,
                node.nodeBinary().toString(), List.of(everythingScript().toString(), "stdio"), Map.of(),
                Optional.empty(), null, Map.of(), true, ToolFilter.ALL, Duration.ofSeconds(30), null),
                new JacksonMcpJsonMapper(new ObjectMapper()));
    }

    /**
     * An HTTP upstream at {@code url} through the transport Tandem gives its Streamable HTTP upstreams, for a client
     * of its own (a baseline whose JDK HTTP client handles answers as Tandem's does).
     */
    public static McpClientTransport httpTransport(String url) {
        return UpstreamTransports.create(new UpstreamSettings("direct", UpstreamSettings.Transport.HTTP, null,
                List.of(), Map.of(), Optional.empty(), URI.create(url), Map.of(), true, ToolFilter.ALL,
                Duration.ofSeconds(30), null), new JacksonMcpJsonMapper(new ObjectMapper()));
    }

    /** server-filesystem over stdio, allowed into {@code root} only. */
    public Map<String, Object> filesystem(Path root) {
        return Map.of("command", node.nodeBinary().toString(), "args", List.of(
                node.module("@modelcontextprotocol/server-filesystem/dist/index.js").toString(), root.toString()));
    }

    /** Starts server-everything in its Streamable HTTP mode; returns its MCP URL once it accepts connections. */
    public String startEverythingHttp() throws IOException {
        return "http://127.0.0.1:" + startEverything("streamableHttp") + "/mcp";
    }

    /**
     * A stdio server offering {@code tools} trivial tools and {@code add_tool}, which adds one more (the fixture
     * {@code many-tools.mjs}).
     */
    public Map<String, Object> manyTools(int tools) throws IOException {
        return Map.of("command", node.nodeBinary().toString(), "args", List.of(fixture("many-tools.mjs").toString(),
                Integer.toString(tools)));
    }

    /**
     * A stdio server whose tools change while it answers its first {@code tools/list}, which then arrives after the
     * answer to a later one (the fixture {@code changing-tools.mjs}): {@code first}, then {@code first} and
     * {@code second}.
     */
    public Map<String, Object> changingTools() throws IOException {
        return Map.of("command", node.nodeBinary().toString(), "args", List.of(fixture("changing-tools.mjs")
                .toString()));
    }

    /** A script of the fixtures, copied beside node_modules so that its SDK import resolves. */
    private Path fixture(String name) throws IOException {
        Path script = node.prefix().resolve(name);
        Files.copy(LOOPBACK.resolveSibling(name), script, StandardCopyOption.REPLACE_EXISTING);
        return script;
    }

    /**
     * The script of a stdio server whose prompt {@code slow_prompt} and resource {@code slow://report} take a minute to
     * answer, or end when cancelled (the fixture {@code slow-content.mjs}); run it with {@link #nodeBinary()}.
     */
    Path slowContentScript() throws IOException {
        return fixture("slow-content.mjs");
    }

    /** Starts server-everything with the older HTTP+SSE transport; returns its SSE URL. */
    String startEverythingSse() throws IOException {
        return "http://127.0.0.1:" + startEverything("sse") + "/sse";
    }

    /** Ends the server-everything started at this URL and waits until it is gone (its port free again). */
    void stopEverything(String url) throws InterruptedException {
        Process process = started.remove(URI.create(url).getPort());
        process.destroy();
        process.waitFor();
    }

    /** Starts server-everything's Streamable HTTP mode again on the port of this URL, once stopped there. */
    void restartEverythingHttp(String url) throws IOException {
        startEverything("streamableHttp", URI.create(url).getPort());
    }

    private int startEverything(String mode) throws IOException {
        return startEverything(mode, freePort());
    }

    private int startEverything(String mode, int port) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(node.nodeBinary().toString(), "-r", LOOPBACK.toString(),
                everythingScript().toString(), mode).redirectErrorStream(true)
                .redirectOutput(node.prefix().resolve("everything-" + mode + "-" + port + ".log").toFile());
        builder.environment().put("PORT", Integer.toString(port));
        started.put(port, builder.start());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> accepts(port));
        return port;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** The upstream process started with this marker argument, if it runs. */
    static Optional<ProcessHandle> process(String marker) {
        return ProcessHandle.current().descendants().filter(p -> p.info().arguments().map(List::of)
                .orElse(List.of()).contains(marker)).findFirst();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        started.values().forEach(Process::destroy);
    }
}
