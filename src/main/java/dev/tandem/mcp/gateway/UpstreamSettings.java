package dev.tandem.mcp.gateway;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One server of {@code mcp.json} as Tandem runs it, variables expanded: how to reach it (a command for stdio, a URL
 * for Streamable HTTP or HTTP+SSE), whether it is enabled, which of its tools are offered, and how long a call may
 * take. {@code problem} is why it cannot run (it is then listed as failed), {@code null} when it can.
 * {@code protocol} is which MCP revision Tandem speaks to it, {@code maxRounds} how many times one call may come
 * back asking for input (2026-07-28 upstreams), and {@code elicitation} what becomes of its questions to the user.
 */
public record UpstreamSettings(String name, Transport transport, String command, List<String> args,
        Map<String, String> env, Optional<Path> cwd, URI url, Map<String, String> headers, boolean enabled,
        ToolFilter tools, Duration timeout, String problem, UpstreamProtocol protocol, int maxRounds,
        Elicitation elicitation) {

    /** An upstream whose revision is found out when it connects ({@link UpstreamProtocol#AUTO}). */
    public UpstreamSettings(String name, Transport transport, String command, List<String> args,
            Map<String, String> env, Optional<Path> cwd, URI url, Map<String, String> headers, boolean enabled,
            ToolFilter tools, Duration timeout, String problem) {
        this(name, transport, command, args, env, cwd, url, headers, enabled, tools, timeout, problem,
                UpstreamProtocol.AUTO, UpstreamProtocol.DEFAULT_MAX_ROUNDS, Elicitation.ASK);
    }

    /**
     * {@code ASK}: the caller is asked, when it can answer (a 2026-07-28 caller by a call made again with its answer,
     * so the tool runs twice up to its question); {@code DECLINE}: declined at once, for tools that must not run twice.
     */
    public enum Elicitation {
        ASK, DECLINE
    }

    public enum Transport {
        STDIO, HTTP, SSE;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static UpstreamSettings failed(String name, Transport transport, String problem) {
        return new UpstreamSettings(name, transport, null, List.of(), Map.of(), Optional.empty(), null, Map.of(),
                true, ToolFilter.ALL, Duration.ZERO, problem);
    }
}
