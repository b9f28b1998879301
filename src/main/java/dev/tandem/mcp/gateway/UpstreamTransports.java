package dev.tandem.mcp.gateway;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

import dev.tandem.config.Secrets;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/** The MCP Java SDK client transport for one server of mcp.json. */
final class UpstreamTransports {

    /** Upstream processes log their stderr under {@code dev.tandem.mcp.upstream.<server>}. */
    static final String STDERR_LOGGER = "dev.tandem.mcp.upstream.";

    /**
     * The executor of the JDK HTTP clients of upstreams: an answer is handled on the client's thread that read it
     * (parsed, and the waiting call completed) instead of being handed to the client's own pool, a hand-off per
     * call. Safe because nothing there blocks: the SDK client runs the handlers that may (elicitation, sampling,
     * notifications) on Reactor's bounded elastic pool.
     */
    static final Executor ON_READING_THREAD = Runnable::run;

    private UpstreamTransports() {
    }

    static McpClientTransport create(UpstreamSettings settings, McpJsonMapper json) {
        return switch (settings.transport()) {
            case STDIO -> stdio(settings, json);
            case HTTP -> streamableHttp(settings, json);
            case SSE -> HttpClientSseClientTransport.builder(base(settings.url())).sseEndpoint(path(settings.url()))
                    .jsonMapper(json).connectTimeout(settings.timeout())
                    .customizeClient(UpstreamTransports::answersOnReadingThread)
                    .requestBuilder(withHeaders(settings.headers())).build();
        };
    }

    /** Streamable HTTP of the 2025 revisions: the SDK's choice of them, or the one mcp.json fixes. */
    private static HttpClientStreamableHttpTransport streamableHttp(UpstreamSettings settings, McpJsonMapper json) {
        HttpClientStreamableHttpTransport.Builder builder = HttpClientStreamableHttpTransport.builder(
                base(settings.url())).endpoint(path(settings.url())).jsonMapper(json)
                .connectTimeout(settings.timeout()).customizeClient(UpstreamTransports::answersOnReadingThread)
                .requestBuilder(withHeaders(settings.headers()));
        settings.protocol().legacy().ifPresent(revision -> builder.supportedProtocolVersions(List.of(revision)));
        return builder.build();
    }

    private static void answersOnReadingThread(HttpClient.Builder client) {
        client.executor(ON_READING_THREAD);
    }

    private static StdioClientTransport stdio(UpstreamSettings settings, McpJsonMapper json) {
        // the SDK starts from a short list of harmless variables (PATH, HOME, USER, ...); the server's own go on top
        ServerParameters parameters = ServerParameters.builder(settings.command()).args(settings.args())
                .env(settings.env()).build();
        requireExecutable(settings.command(), parameters.getEnv().get("PATH"), settings.cwd());
        IsolatedStdioTransport transport = new IsolatedStdioTransport(parameters, json, settings.cwd());
        Logger log = LoggerFactory.getLogger(STDERR_LOGGER + settings.name());
        transport.setStdErrorHandler(line -> log.info("{}", Secrets.maskText(line)));
        return transport;
    }

    /**
     * Fails at once, in words, when the command cannot start: the SDK would report it only as an initialize that
     * never answers, after the whole timeout.
     */
    private static void requireExecutable(String command, String path, Optional<Path> cwd) {
        if (command.contains(File.separator)) {
            Path file = cwd.map(dir -> dir.resolve(command)).orElse(Path.of(command));
            if (!Files.isExecutable(file)) {
                throw new IllegalStateException("the command " + command + " is not an executable file");
            }
            return;
        }
        boolean found = path != null && Arrays.stream(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
        if (!found) {
            throw new IllegalStateException("the command " + command + " is not found on the PATH " + path);
        }
    }

    /** Per-upstream headers (auth from the environment), on every request the transport sends. */
    private static HttpRequest.Builder withHeaders(Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder();
        headers.forEach(request::header);
        return request;
    }

    private static String base(URI url) {
        return url.getScheme() + "://" + url.getRawAuthority();
    }

    private static String path(URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    }

    /**
     * The SDK's stdio transport, but the child does not inherit Tandem's environment (its keys and tokens): it gets
     * only what {@link ServerParameters} lists. It runs in the server's {@code cwd} when one is given. Its messages
     * are handed to the SDK one at a time.
     */
    static final class IsolatedStdioTransport extends StdioClientTransport {

        private final Optional<Path> cwd;

        IsolatedStdioTransport(ServerParameters parameters, McpJsonMapper json, Optional<Path> cwd) {
            super(parameters, json);
            this.cwd = cwd;
        }

        @Override
        protected ProcessBuilder getProcessBuilder() {
            ProcessBuilder builder = new ProcessBuilder();
            builder.environment().clear();
            cwd.ifPresent(dir -> builder.directory(dir.toFile()));
            return builder;
        }

        /**
         * The SDK's outbound sink lets concurrent senders spin for at most 100 ms and then fails the call ("Failed to
         * enqueue message"); on two busy cores a dozen spinning callers starve the one holding the sink. Waiting
         * on a lock instead parks them; the enqueue itself takes microseconds.
         */
        @Override
        public synchronized Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            return super.sendMessage(message);
        }
    }
}
