package dev.tandem.mcp.gateway;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.config.InvalidSettingException;
import dev.tandem.mcp.gateway.Placeholders.ServerProblem;
import dev.tandem.mcp.gateway.UpstreamSettings.Transport;

/**
 * Reads mcp.json in both shapes people have: {@code {"mcpServers": {name: {command, args, env, cwd} | {url,
 * headers}}}} (Claude Desktop, Cursor) and {@code {"servers": {name: {type: "stdio"|"http"|"sse", ...}}}} (VS Code),
 * plus Tandem's own per-server fields {@code enabled}, {@code allowedTools}, {@code deniedTools} (globs),
 * {@code timeoutMs}, {@code protocol} ({@code auto} or a revision, see {@link UpstreamProtocol}), {@code maxRounds}
 * and {@code elicitation} ({@code ask} or {@code decline}). A file that is not JSON, or a field of the wrong JSON type, stops start-up naming the field; a
 * server that cannot run as written (no command nor URL, an unset variable, an unknown type) is returned with its
 * problem, so that the others go on. Fields the clients use and Tandem does not (VS Code's {@code inputs}) are ignored.
 */
public final class McpServersFile {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** More rounds of questions than this for one call is a server in a loop, not a user being asked. */
    private static final int MAX_ROUNDS = 20;

    private McpServersFile() {
    }

    /** The servers in file order; none when the file does not exist. */
    public static List<UpstreamSettings> read(Path file, Function<String, Optional<String>> variables,
            Duration defaultTimeout) {
        if (!Files.exists(file)) {
            return List.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new InvalidSettingException(where(file) + " is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + "): " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidSettingException("Cannot read " + where(file) + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw malformed(file, "the top level", "a JSON object with \"mcpServers\" or \"servers\"");
        }
        Map<String, Entry> servers = new LinkedHashMap<>();
        boolean found = false;
        for (String shape : List.of("mcpServers", "servers")) {
            JsonNode section = root.get(shape);
            if (section == null) {
                continue;
            }
            found = true;
            if (!section.isObject()) {
                throw malformed(file, shape, "an object of servers by name");
            }
            section.fields().forEachRemaining(entry -> {
                String field = shape + "." + entry.getKey();
                if (!entry.getValue().isObject()) {
                    throw malformed(file, field, "an object with command or url");
                }
                if (servers.put(entry.getKey(), new Entry(field, entry.getValue())) != null) {
                    throw malformed(file, field, "a name used once (it is also in the other section)");
                }
            });
        }
        if (!found) {
            throw malformed(file, "the top level", "\"mcpServers\" (Claude Desktop, Cursor) or \"servers\" (VS Code)");
        }
        Placeholders placeholders = new Placeholders(variables);
        List<UpstreamSettings> result = new ArrayList<>();
        servers.forEach((name, entry) -> result.add(server(file, name, entry, placeholders, defaultTimeout)));
        return List.copyOf(result);
    }

    private record Entry(String field, JsonNode node) {
    }

    private static UpstreamSettings server(Path file, String name, Entry entry, Placeholders placeholders,
            Duration defaultTimeout) {
        Fields f = new Fields(file, entry.field(), entry.node());
        // the JSON types are checked before anything else: a wrong type is a broken file, not a broken server
        Optional<String> type = f.text("type");
        Optional<String> command = f.text("command");
        List<String> args = f.texts("args");
        Map<String, String> env = f.textMap("env");
        Optional<String> cwd = f.text("cwd");
        Optional<String> url = f.text("url");
        Map<String, String> headers = f.textMap("headers");
        boolean enabled = f.bool("enabled").orElse(true);
        ToolFilter tools = new ToolFilter(f.texts("allowedTools"), f.texts("deniedTools"));
        Duration timeout = f.positiveInt("timeoutMs").map(Duration::ofMillis).orElse(defaultTimeout);
        Optional<String> protocol = f.text("protocol");
        int maxRounds = f.count("maxRounds", MAX_ROUNDS).orElse(UpstreamProtocol.DEFAULT_MAX_ROUNDS);
        UpstreamSettings.Elicitation elicitation = f.elicitation();
        Transport transport = command.isPresent() ? Transport.STDIO : Transport.HTTP;
        try {
            if (!name.matches("[A-Za-z0-9_-]+")) {
                throw new ServerProblem("the name may hold only letters, digits, '-' and '_'");
            }
            transport = transport(type, command, url);
            UpstreamProtocol era = protocol.isEmpty() ? UpstreamProtocol.AUTO
                    : UpstreamProtocol.parse(protocol.get(), transport);
            String field = "mcp.json " + name;
            Map<String, String> expandedEnv = new LinkedHashMap<>();
            env.forEach((k, v) -> expandedEnv.put(k, placeholders.expand(v, field + ".env." + k)));
            Map<String, String> expandedHeaders = new LinkedHashMap<>();
            headers.forEach((k, v) -> expandedHeaders.put(k, placeholders.expand(v, field + ".headers." + k)));
            List<String> expandedArgs = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                expandedArgs.add(placeholders.expand(args.get(i), field + ".args[" + i + "]"));
            }
            URI uri = transport == Transport.STDIO ? null : uri(placeholders.expand(url.orElseThrow(), field + ".url"));
            return new UpstreamSettings(name, transport,
                    command.map(c -> placeholders.expand(c, field + ".command")).orElse(null),
                    List.copyOf(expandedArgs),
                    Map.copyOf(expandedEnv), cwd.map(c -> Path.of(placeholders.expand(c, field + ".cwd"))), uri,
                    Map.copyOf(expandedHeaders), enabled, tools, timeout, null, era, maxRounds, elicitation);
        } catch (ServerProblem e) {
            return UpstreamSettings.failed(name, transport, e.getMessage());
        }
    }

    private static Transport transport(Optional<String> type, Optional<String> command, Optional<String> url) {
        if (command.isPresent() && url.isPresent()) {
            throw new ServerProblem("it has both command and url: give one");
        }
        if (command.isEmpty() && url.isEmpty()) {
            throw new ServerProblem("it has neither command (stdio) nor url (http, sse)");
        }
        Transport transport = switch (type.map(t -> t.toLowerCase(Locale.ROOT)).orElse(command.isPresent() ? "stdio"
                : "http")) {
            case "stdio" -> Transport.STDIO;
            case "http", "streamable-http", "streamablehttp" -> Transport.HTTP;
            case "sse" -> Transport.SSE;
            default -> throw new ServerProblem("type '" + type.get() + "' is not one of stdio, http, sse");
        };
        if ((transport == Transport.STDIO) != command.isPresent()) {
            throw new ServerProblem("type " + transport.label() + " needs "
                    + (command.isPresent() ? "url" : "command"));
        }
        return transport;
    }

    private static URI uri(String raw) {
        try {
            URI uri = URI.create(raw);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below with the accepted form
        }
        throw new ServerProblem("url is not an http:// or https:// URL");
    }

    private static String where(Path file) {
        return "The MCP servers file " + file.toAbsolutePath().normalize() + " (TANDEM_MCP_CONFIG)";
    }

    static InvalidSettingException malformed(Path file, String field, String expected) {
        return new InvalidSettingException(where(file) + ": " + field + " must be " + expected + ".");
    }

    /** Typed reads of one server's fields; a wrong JSON type names the field and stops start-up. */
    private record Fields(Path file, String server, JsonNode node) {

        Optional<String> text(String name) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                return Optional.empty();
            }
            if (!value.isTextual()) {
                throw malformed(file, path(name), "text");
            }
            return Optional.of(value.asText());
        }

        Optional<Boolean> bool(String name) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                return Optional.empty();
            }
            if (!value.isBoolean()) {
                throw malformed(file, path(name), "true or false");
            }
            return Optional.of(value.asBoolean());
        }

        Optional<Integer> positiveInt(String name) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                return Optional.empty();
            }
            if (!value.isInt() || value.asInt() < 1) {
                throw malformed(file, path(name), "a whole number of milliseconds, at least 1");
            }
            return Optional.of(value.asInt());
        }

        Optional<Integer> count(String name, int max) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                return Optional.empty();
            }
            if (!value.isInt() || value.asInt() < 1 || value.asInt() > max) {
                throw malformed(file, path(name), "a whole number from 1 to " + max);
            }
            return Optional.of(value.asInt());
        }

        UpstreamSettings.Elicitation elicitation() {
            return switch (text("elicitation").orElse("ask")) {
                case "ask" -> UpstreamSettings.Elicitation.ASK;
                case "decline" -> UpstreamSettings.Elicitation.DECLINE;
                default -> throw malformed(file, path("elicitation"), "\"ask\" (the default: the caller is asked)"
                        + " or \"decline\" (declined at once)");
            };
        }

        List<String> texts(String name) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                return List.of();
            }
            List<String> texts = new ArrayList<>();
            if (!value.isArray()) {
                throw malformed(file, path(name), "a list of texts");
            }
            value.forEach(item -> {
                if (!item.isTextual()) {
                    throw malformed(file, path(name), "a list of texts");
                }
                texts.add(item.asText());
            });
            return List.copyOf(texts);
        }

        Map<String, String> textMap(String name) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                return Map.of();
            }
            if (!value.isObject()) {
                throw malformed(file, path(name), "an object of texts");
            }
            Map<String, String> map = new LinkedHashMap<>();
            value.fields().forEachRemaining(e -> {
                if (!e.getValue().isTextual()) {
                    throw malformed(file, path(name) + "." + e.getKey(), "text");
                }
                map.put(e.getKey(), e.getValue().asText());
            });
            return map;
        }

        private String path(String name) {
            return server + "." + name;
        }
    }
}
