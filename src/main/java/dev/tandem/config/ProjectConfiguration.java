package dev.tandem.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.quartz.CronExpression;

/**
 * Tandem's typed settings. Each one is a property {@code tandem.x.y} in {@code application.properties} whose value
 * comes from the environment variable {@code TANDEM_X_Y} (or {@code .env}) when set; see {@link EnvironmentFunction}.
 */
public record ProjectConfiguration(
        Http http,
        Path dataDir,
        Ingest ingest,
        Elasticsearch elasticsearch,
        String embeddingModel,
        Embeddings embeddings,
        S3 s3,
        Llm llm,
        Agent agent,
        Mcp mcp,
        DocumentDb documentDb,
        Aws aws) {

    /**
     * Where HTTP listens, how many worker threads run its requests, and the named API keys the guard admits besides
     * the one token.
     */
    public record Http(String host, int port, int workers, List<ApiKey> apiKeys) {
    }

    /**
     * A named API key: its token (from {@code TANDEM_API_KEYS_<NAME>_TOKEN}, never from a file in the repository),
     * the scopes it may use, and how many requests a minute it may send (0: no limit).
     */
    public record ApiKey(String name, String token, List<String> scopes, int requestsPerMinute) {

        @Override
        public String toString() {
            return "ApiKey[" + name + ", scopes " + scopes + "]";
        }
    }

    /** What a key may do: search the documents, ask the models, call read-only tools, call write tools, run Tandem. */
    public static final List<String> SCOPES = List.of("search", "ask", "tools", "write-tools", "admin");
    /** A key without listed scopes may search, ask and call read-only tools. */
    static final String DEFAULT_SCOPES = "search,ask,tools";

    public record Ingest(List<Path> inboxes, boolean keep, int workers, int chunkWords, int chunkOverlap,
            long maxFileBytes) {
    }

    /**
     * {@code url} empty means: start the Elasticsearch dev service. Each request of a search waits at most
     * {@code searchTimeout}, the health check at most {@code healthTimeout}.
     */
    public record Elasticsearch(Optional<URI> url, String indexPrefix, Optional<Path> home, String heap,
            Duration searchTimeout, Duration healthTimeout) {

        public boolean devService() {
            return url.isEmpty();
        }
    }

    /** {@code POST /v1/embeddings}: the most texts and the most characters (all texts together) of one request. */
    public record Embeddings(int maxInputs, int maxChars) {
    }

    /** {@code bucket} empty means S3 ingestion is off. */
    public record S3(Optional<String> bucket, String prefix, Optional<URI> endpoint, boolean deleteAfterRead,
            long pollDelayMillis) {

        public boolean enabled() {
            return bucket.isPresent();
        }
    }

    /**
     * The two language models and how they work together. {@code provider} is bedrock, openai or none; the
     * deadlines bound each call (the provider's is the hedge deadline); prices are parsed by the llm package.
     */
    public record Llm(String provider, URI ollamaUrl, String ollamaModel, String bedrockModel,
            Optional<URI> bedrockEndpoint, URI openAiBaseUrl, Optional<String> openAiApiKey, String openAiModel,
            String strategy, Duration localTimeout, Duration providerTimeout, Duration firstTokenTimeout,
            int breakerFailures, Duration breakerCoolDown, String prices, double localFirstMinConfidence,
            int maxAnswerChars, Optional<Double> temperature, Optional<Integer> maxTokens, Minions minions,
            LocalModel local) {
    }

    /**
     * The minions strategy: the context size (estimated tokens) from which the local model reads it first, the most
     * one piece holds, and how many pieces it reads at once.
     */
    public record Minions(int minContextTokens, int pieceTokens, int parallel) {
    }

    /**
     * Which local model answers: {@code backend} ollama (a server at {@code tandem.ollama.url}) or embedded (the GGUF
     * file {@code gguf} run in process, with its context size in tokens (0: the model's own), generating threads
     * (0: cores − 1), prompt batch size and how many requests may wait for the model).
     */
    public record LocalModel(String backend, Optional<Path> gguf, int contextSize, int threads, int batchSize,
            int queue) {

        public boolean embedded() {
            return "embedded".equals(backend);
        }
    }

    /**
     * The tool loop of the models (requests with {@code tools}): whether tools that change something may run at all,
     * and the budgets of one request (model turns, tool calls, wall time, provider tokens), the longest a tool call
     * may take and the longest tool result a model is shown.
     */
    public record Agent(boolean allowWrite, int maxSteps, int maxToolCalls, Duration maxTime,
            long maxProviderTokens, Duration toolTimeout, int maxToolResultChars) {
    }

    /**
     * MCP and tool endpoints: an optional bearer token (required when HTTP binds beyond loopback), extra allowed
     * origins and hosts, the request size limit, the folders {@code ingest_file} may read, the workspace root of
     * the inventory and backup tools, the essential paths a backup copies, how many tools a list page holds, and the
     * gateway to the MCP servers of mcp.json.
     */
    public record Mcp(Optional<String> token, List<String> allowedOrigins, List<String> allowedHosts,
            int maxRequestKb, List<Path> ingestRoots, Path workspaceRoot, List<String> backupPaths, int pageSize,
            Gateway gateway, Stateless stateless) {
    }

    /**
     * MCP 2026-07-28 (no session): the key that seals what a multi-round-trip request carries between its rounds (and
     * AWS confirmation tokens), how long such state stays valid, how long clients may cache a list, and how many
     * {@code subscriptions/listen} streams one process keeps open, each with a keep-alive comment at this interval.
     */
    public record Stateless(ServerKey stateKey, Duration stateTtl, Duration listTtl, int listenMax,
            Duration listenKeepAlive) {
    }

    /**
     * The upstream MCP servers: the mcp.json file, how often it is checked for changes, the call timeout of a server
     * that sets none, how many failures in a row open an upstream's circuit and for how long, and the longest wait
     * between restarts of an upstream that keeps dying.
     */
    public record Gateway(Path config, Duration reloadInterval, Duration timeout, int breakerFailures,
            Duration breakerCoolDown, Duration maxBackOff, Duration pingInterval) {
    }

    /**
     * DocumentDB tools: named connections (name to URI, from {@code TANDEM_DOCUMENTDB_CONNECTIONS_<NAME>_URI}),
     * whether writes and ad-hoc URIs are allowed, the CA bundle for TLS, when idle connections close, the server
     * time limit of every query, the most documents one answer carries and the default schema sample.
     */
    public record DocumentDb(Map<String, String> connections, boolean allowWrite, boolean allowAdHoc,
            Optional<Path> caFile, Duration idleTimeout, int maxTimeMs, int maxResults, int schemaSample) {
    }

    /**
     * AWS: the region of every AWS client (S3, Bedrock, Cloud Control), and for the Cloud Control tools and the
     * inventory sync: the profile (the default credential chain
     * otherwise), an endpoint override for emulators and private endpoints, whether writes are allowed, how long
     * schemas stay cached and confirmation tokens stay valid, the tags added on create, the longest wait a write may
     * ask for, the page size of list_resources, and the inventory.
     */
    public record Aws(String region, Optional<String> profile, Optional<URI> endpoint, boolean allowWrite,
            Duration schemaTtl, Duration tokenTtl, Map<String, String> defaultTags, Duration maxWait, int pageSize,
            AwsInventory inventory) {
    }

    /**
     * The scheduled inventory: resource types (none: the sync is off), regions, the Quartz cron, the index, the page
     * size asked of ListResources, and how often and after what first delay a throttled page is tried again.
     */
    public record AwsInventory(List<String> types, List<String> regions, String cron, String index, int pageSize,
            int throttleRetries, Duration backOff) {

        public boolean enabled() {
            return !types.isEmpty();
        }
    }

    public static final List<String> PROVIDERS = List.of("bedrock", "openai", "none");
    /** The in-process embedding models Tandem ships; the ingest package loads them. */
    public static final List<String> EMBEDDING_MODELS = List.of("all-minilm-l6-v2-q", "bge-small-en-v1.5-q");

    /** Reads and validates every setting; a bad one throws {@link InvalidSettingException} naming it. */
    public static ProjectConfiguration load(Function<String, Optional<String>> properties) {
        Settings s = new Settings(properties);
        int workers = s.integer("tandem.ingest.workers", 1, 64);
        int chunkWords = s.integer("tandem.chunk.words", 20, 2000);
        int chunkOverlap = s.integer("tandem.chunk.overlap", 0, chunkWords - 1);
        Http http = new Http(s.text("tandem.http.host"), s.integer("tandem.http.port", 1, 65535),
                s.integer("tandem.http.workers", 1, 10_000), apiKeys(s));
        Mcp mcp = mcp(s);
        requireTokenBeyondLoopback(http, mcp);
        Path dataDir = s.path("tandem.data.dir");
        List<Path> inboxes = s.watchedFolders("tandem.inbox");
        requireDataOutsideInboxes(dataDir, inboxes);
        return new ProjectConfiguration(
                http,
                dataDir,
                new Ingest(inboxes, s.bool("tandem.ingest.keep"), workers,
                        chunkWords, chunkOverlap,
                        s.integer("tandem.ingest.max.file.mb", 1, 10_000) * 1024L * 1024L),
                new Elasticsearch(s.optionalUri("tandem.es.url"), s.text("tandem.es.index"),
                        s.optional("tandem.es.home").map(Path::of), s.memory("tandem.es.heap"),
                        Duration.ofMillis(s.integer("tandem.es.search.timeout.ms", 100, 600_000)),
                        // /observe/health answers within 2 s
                        Duration.ofMillis(s.integer("tandem.es.health.timeout.ms", 100, 1500))),
                s.oneOf("tandem.embedding.model", EMBEDDING_MODELS),
                new Embeddings(s.integer("tandem.embeddings.max.inputs", 1, 100_000),
                        s.integer("tandem.embeddings.max.chars", 1, 100_000_000)),
                new S3(s.optional("tandem.s3.bucket"), s.optional("tandem.s3.prefix").orElse(""),
                        s.optionalUri("tandem.s3.endpoint"), s.bool("tandem.s3.delete"), s.integer("tandem.s3.poll.ms", 100, 3_600_000)),
                llm(s), agent(s), mcp, documentDb(s), aws(s));
    }

    private static Aws aws(Settings s) {
        String region = s.text("aws.region");
        List<String> types = s.list("tandem.aws.inventory.types");
        for (String type : types) {
            if (!type.matches("[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+")) {
                throw Settings.invalid("tandem.aws.inventory.types", type, "resource types such as AWS::S3::Bucket");
            }
        }
        List<String> regions = s.list("tandem.aws.inventory.regions");
        String cron = s.text("tandem.aws.inventory.cron");
        if (!CronExpression.isValidExpression(cron)) {
            throw Settings.invalid("tandem.aws.inventory.cron", cron, "a Quartz cron expression: seconds minutes"
                    + " hours day-of-month month day-of-week, such as 0 0 * * * ? (hourly)");
        }
        AwsInventory inventory = new AwsInventory(types, regions.isEmpty() ? List.of(region) : regions, cron,
                s.text("tandem.aws.inventory.index"),
                s.integer("tandem.aws.inventory.page.size", 1, 100),
                s.integer("tandem.aws.inventory.throttle.retries", 0, 20),
                Duration.ofMillis(s.integer("tandem.aws.inventory.backoff.ms", 1, 600_000)));
        return new Aws(region, s.optional("tandem.aws.profile"), s.optionalUri("tandem.aws.endpoint"),
                s.bool("tandem.aws.allow.write"),
                Duration.ofSeconds(s.integer("tandem.aws.schema.ttl.seconds", 0, 86_400)),
                Duration.ofSeconds(s.integer("tandem.aws.token.ttl.seconds", 1, 3600)),
                tags(s, "tandem.aws.default.tags"),
                Duration.ofSeconds(s.integer("tandem.aws.max.wait.seconds", 0, 3600)),
                s.integer("tandem.aws.page.size", 1, 100), inventory);
    }

    /** {@code key=value,key=value}. */
    private static Map<String, String> tags(Settings s, String key) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String pair : s.list(key)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw Settings.invalid(key, pair, "tags as key=value, comma-separated");
            }
            tags.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return Map.copyOf(tags);
    }

    private static DocumentDb documentDb(Settings s) {
        Map<String, String> connections = new LinkedHashMap<>();
        for (String name : s.list("tandem.documentdb.connections")) {
            if (!name.matches("[a-z][a-z0-9_-]*")) {
                throw Settings.invalid("tandem.documentdb.connections", name, "names in lower case (a-z, 0-9, _ and -)");
            }
            String key = "tandem.documentdb.connections." + name + ".uri";
            connections.put(name, s.userNamed(key).orElseThrow(() -> new InvalidSettingException("DocumentDB connection '"
                    + name + "' has no URI: set " + environmentName(key) + " in the environment or .env.")));
        }
        return new DocumentDb(Map.copyOf(connections), s.bool("tandem.documentdb.allow.write"),
                s.bool("tandem.documentdb.allow.adhoc"), s.optional("tandem.documentdb.ca.file").map(Path::of),
                Duration.ofSeconds(s.integer("tandem.documentdb.idle.seconds", 1, 86_400)),
                s.integer("tandem.documentdb.max.time.ms", 1, 3_600_000),
                s.integer("tandem.documentdb.max.results", 1, 10_000),
                s.integer("tandem.documentdb.schema.sample", 1, 10_000));
    }

    private static Mcp mcp(Settings s) {
        return new Mcp(s.optional("tandem.mcp.token"), s.list("tandem.mcp.allowed.origins"),
                s.list("tandem.mcp.allowed.hosts"), s.integer("tandem.mcp.max.request.kb", 1, 1_048_576),
                s.paths("tandem.mcp.ingest.roots"), s.path("tandem.workspace.root"),
                s.list("tandem.backup.paths"), s.integer("tandem.mcp.page.size", 1, 1000),
                new Gateway(s.path("tandem.mcp.config"),
                        Duration.ofMillis(s.integer("tandem.mcp.reload.ms", 100, 3_600_000)),
                        Duration.ofMillis(s.integer("tandem.mcp.upstream.timeout.ms", 100, 3_600_000)),
                        s.integer("tandem.mcp.upstream.breaker.failures", 1, 1000),
                        Duration.ofMillis(s.integer("tandem.mcp.upstream.breaker.cooldown.ms", 100, 3_600_000)),
                        Duration.ofMillis(s.integer("tandem.mcp.upstream.restart.max.ms", 100, 3_600_000)),
                        Duration.ofMillis(s.integer("tandem.mcp.upstream.ping.ms", 0, 3_600_000))),
                new Stateless(ServerKey.of(s.optional("tandem.mcp.state.key"), "TANDEM_MCP_STATE_KEY"),
                        Duration.ofSeconds(s.integer("tandem.mcp.state.ttl.seconds", 1, 86_400)),
                        Duration.ofMillis(s.integer("tandem.mcp.list.ttl.ms", 0, 86_400_000)),
                        s.integer("tandem.mcp.listen.max", 1, 100_000),
                        Duration.ofMillis(s.integer("tandem.mcp.listen.keepalive.ms", 10, 3_600_000))));
    }

    /** A data folder inside a watched one would have Tandem ingest its own files: Elasticsearch's, the games'. */
    private static void requireDataOutsideInboxes(Path dataDir, List<Path> inboxes) {
        Path data = dataDir.toAbsolutePath().normalize();
        for (Path inbox : inboxes) {
            if (data.startsWith(inbox.toAbsolutePath().normalize())) {
                throw new InvalidSettingException("TANDEM_DATA_DIR (" + dataDir + ") is inside the watched folder "
                        + inbox + " (TANDEM_INBOX), so Tandem would ingest its own data: put one outside the other.");
            }
        }
    }

    /** Binding beyond loopback without a token would hand every tool to the network. */
    private static void requireTokenBeyondLoopback(Http http, Mcp mcp) {
        boolean loopback = List.of("127.0.0.1", "localhost", "::1", "[::1]").contains(http.host());
        if (!loopback && mcp.token().isEmpty() && http.apiKeys().isEmpty()) {
            throw new InvalidSettingException("Tandem refuses to listen on " + http.host() + " without a token: set"
                    + " TANDEM_MCP_TOKEN or TANDEM_API_KEYS (clients then send 'Authorization: Bearer <token>'), or"
                    + " keep TANDEM_HTTP_HOST=127.0.0.1.");
        }
    }

    /** {@code TANDEM_API_KEYS=console,ci}, each with {@code TANDEM_API_KEYS_<NAME>_TOKEN}, {@code _SCOPES}, {@code _RPM}. */
    private static List<ApiKey> apiKeys(Settings s) {
        List<ApiKey> keys = new ArrayList<>();
        Set<String> tokens = new HashSet<>();
        for (String name : s.list("tandem.api.keys")) {
            if (!name.matches("[a-z][a-z0-9_-]*")) {
                throw Settings.invalid("tandem.api.keys", name, "key names in lower case (a-z, 0-9, _ and -)");
            }
            String prefix = "tandem.api.keys." + name + ".";
            String token = s.userNamed(prefix + "token").orElseThrow(() -> new InvalidSettingException("API key '"
                    + name + "' has no token: set " + environmentName(prefix + "token") + " in the environment or .env."));
            if (token.length() < 16) {
                throw new InvalidSettingException("The token of API key '" + name + "' ("
                        + environmentName(prefix + "token") + ") is shorter than 16 characters: use a random one.");
            }
            if (!tokens.add(token)) {
                throw new InvalidSettingException("API key '" + name + "' has the token of another key: each key"
                        + " needs its own.");
            }
            String rawScopes = s.userNamed(prefix + "scopes").orElse(DEFAULT_SCOPES);
            List<String> scopes = Arrays.stream(rawScopes.split(",")).map(String::strip).filter(v -> !v.isEmpty())
                    .toList();
            for (String scope : scopes) {
                if (!SCOPES.contains(scope)) {
                    throw Settings.invalid(prefix + "scopes", rawScopes, "scopes among " + String.join(", ", SCOPES));
                }
            }
            String rawRpm = s.userNamed(prefix + "rpm").orElse("0");
            int rpm;
            try {
                rpm = Integer.parseInt(rawRpm);
            } catch (NumberFormatException e) {
                rpm = -1;
            }
            if (rpm < 0 || rpm > 1_000_000) {
                throw Settings.invalid(prefix + "rpm", rawRpm, "requests per minute from 0 (no limit) to 1000000");
            }
            keys.add(new ApiKey(name, token, scopes, rpm));
        }
        return List.copyOf(keys);
    }

    private static Llm llm(Settings s) {
        int maxTokens = s.integer("tandem.llm.max.tokens", 0, 1_000_000);
        Optional<String> temperature = s.optional("tandem.llm.temperature");
        return new Llm(s.oneOf("tandem.provider", PROVIDERS),
                s.uri("tandem.ollama.url"),
                s.text("tandem.ollama.model"),
                s.text("tandem.bedrock.model"),
                s.optionalUri("tandem.bedrock.endpoint"),
                s.uri("tandem.openai.base.url"),
                s.optional("tandem.openai.api.key"),
                s.text("tandem.openai.model"),
                s.oneOf("tandem.llm.strategy", AcceptedValues.of("tandem.llm.strategy")),
                Duration.ofMillis(s.integer("tandem.llm.local.timeout.ms", 100, 3_600_000)),
                Duration.ofMillis(s.integer("tandem.llm.provider.timeout.ms", 100, 3_600_000)),
                Duration.ofMillis(s.integer("tandem.llm.first.token.timeout.ms", 50, 3_600_000)),
                s.integer("tandem.llm.breaker.failures", 1, 1000),
                Duration.ofMillis(s.integer("tandem.llm.breaker.cooldown.ms", 100, 3_600_000)),
                s.text("tandem.llm.prices"),
                s.integer("tandem.llm.local.first.min.confidence.pct", 0, 100) / 100.0,
                s.integer("tandem.llm.max.answer.chars", 1000, 100_000_000),
                temperature.map(t -> s.decimal("tandem.llm.temperature", 0, 2)),
                maxTokens == 0 ? Optional.empty() : Optional.of(maxTokens),
                new Minions(s.integer("tandem.minions.min.context.tokens", 0, 10_000_000),
                        s.integer("tandem.minions.piece.tokens", 20, 1_000_000),
                        s.integer("tandem.minions.parallel", 1, 64)),
                new LocalModel(s.oneOf("tandem.local", List.of("ollama", "embedded")),
                        s.optional("tandem.local.gguf").map(g -> s.path("tandem.local.gguf")),
                        s.integer("tandem.local.context.size", 0, 1_048_576),
                        s.integer("tandem.local.threads", 0, 1024),
                        s.integer("tandem.local.batch.size", 1, 65_536),
                        s.integer("tandem.local.queue", 0, 10_000)));
    }

    private static Agent agent(Settings s) {
        return new Agent(s.bool("tandem.agent.allow.write"),
                s.integer("tandem.agent.max.steps", 1, 100),
                s.integer("tandem.agent.max.tool.calls", 0, 1000),
                Duration.ofMillis(s.integer("tandem.agent.max.time.ms", 100, 3_600_000)),
                s.integer("tandem.agent.max.provider.tokens", 0, 100_000_000),
                Duration.ofMillis(s.integer("tandem.agent.tool.timeout.ms", 10, 3_600_000)),
                s.integer("tandem.agent.max.tool.result.chars", 100, 10_000_000));
    }

    /** The settings as they will be used, secrets masked, for the start-up log. */
    public Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("http", http.host() + ":" + http.port());
        d.put("data dir", dataDir.toAbsolutePath().normalize().toString());
        d.put("inbox", ingest.inboxes().toString() + (ingest.keep() ? " (files kept in place)" : ""));
        d.put("elasticsearch", elasticsearch.url().map(Secrets::mask).orElse("dev service"));
        d.put("embedding model", embeddingModel);
        d.put("s3", s3.bucket().map(b -> "s3://" + b + "/" + s3.prefix()
                + s3.endpoint().map(e -> " at " + Secrets.mask(e)).orElse("")).orElse("off"));
        d.put("local model", llm.local().embedded()
                ? "embedded " + llm.local().gguf().map(Path::toString).orElse("(TANDEM_LOCAL_GGUF not set)")
                : "ollama/" + llm.ollamaModel() + " at " + Secrets.mask(llm.ollamaUrl()));
        d.put("provider model", switch (llm.provider()) {
            case "bedrock" -> "bedrock/" + llm.bedrockModel()
                    + llm.bedrockEndpoint().map(e -> " at " + Secrets.mask(e)).orElse(" in " + aws.region());
            case "openai" -> "openai/" + llm.openAiModel() + " at " + Secrets.mask(llm.openAiBaseUrl())
                    + (llm.openAiApiKey().isPresent() ? " (API key ****)" : "");
            default -> "none";
        });
        d.put("guard", (mcp.token().isPresent() ? "bearer token ****" : "no token")
                + (http.apiKeys().isEmpty() ? "" : ", API keys " + http.apiKeys().stream().map(k -> k.name()
                        + " " + k.scopes()).toList())
                + (mcp.token().isEmpty() && http.apiKeys().isEmpty() ? " (loopback only)" : ""));
        d.put("mcp servers", mcp.gateway().config().toAbsolutePath().normalize().toString());
        d.put("documentdb", (documentDb.allowWrite() ? "writes allowed" : "read-only") + ", connections "
                + documentDb.connections().keySet() + (documentDb.allowAdHoc() ? ", ad-hoc URIs allowed" : ""));
        d.put("aws", aws.region() + aws.profile().map(p -> " (profile " + p + ")").orElse("")
                + aws.endpoint().map(e -> " at " + Secrets.mask(e)).orElse("")
                + (aws.allowWrite() ? ", writes allowed" : ", read-only")
                + (aws.inventory().enabled() ? ", inventory of " + aws.inventory().types().size() + " types" : ""));
        d.put("strategy", llm.strategy() + " (provider deadline " + llm.providerTimeout().toMillis() + " ms)");
        return d;
    }

    /**
     * Typed reads of raw settings, each failure naming the setting and the values it accepts. Every setting must be
     * present: its one default is in {@code application.properties}, so a missing one is a packaging mistake.
     */
    private record Settings(Function<String, Optional<String>> properties) {

        /** A setting that may be empty (unset); absent from the properties is an error. */
        Optional<String> optional(String key) {
            return properties.apply(key).or(() -> {
                throw InvalidSettingException.undeclared(key);
            }).map(String::strip).filter(v -> !v.isEmpty());
        }

        /** A setting whose name the user chose (a DocumentDB connection's URI): not in application.properties. */
        Optional<String> userNamed(String key) {
            return properties.apply(key).map(String::strip).filter(v -> !v.isEmpty());
        }

        String text(String key) {
            return optional(key).orElseThrow(() -> invalid(key, "", "a value"));
        }

        int integer(String key, int min, int max) {
            String raw = text(key);
            try {
                int value = Integer.parseInt(raw);
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below with the accepted range
            }
            throw invalid(key, raw, "a whole number from " + min + " to " + max);
        }

        double decimal(String key, double min, double max) {
            String raw = text(key);
            try {
                double value = Double.parseDouble(raw);
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below with the accepted range
            }
            throw invalid(key, raw, "a number from " + min + " to " + max);
        }

        boolean bool(String key) {
            String raw = text(key);
            return switch (raw.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1" -> true;
                case "false", "no", "0" -> false;
                default -> throw invalid(key, raw, "true or false");
            };
        }

        String oneOf(String key, List<String> accepted) {
            String value = text(key);
            if (!accepted.contains(value)) {
                throw invalid(key, value, "one of " + String.join(", ", accepted));
            }
            return value;
        }

        Path path(String key) {
            String value = text(key);
            try {
                return Path.of(value);
            } catch (RuntimeException e) {
                throw invalid(key, value, "a file system path");
            }
        }

        List<String> list(String key) {
            return Arrays.stream(optional(key).orElse("").split(",")).map(String::strip).filter(v -> !v.isEmpty())
                    .toList();
        }

        List<Path> paths(String key) {
            String value = optional(key).orElse("");
            List<String> parts = Arrays.stream(value.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList();
            if (parts.isEmpty()) {
                throw invalid(key, value, "a comma-separated list of folders");
            }
            return parts.stream().map(Path::of).toList();
        }

        /**
         * Folders that are each watched with their subfolders: none may be listed twice or lie inside another, where
         * two of Tandem's watchers would read the same files.
         */
        List<Path> watchedFolders(String key) {
            List<Path> folders = paths(key);
            List<Path> absolute = folders.stream().map(folder -> folder.toAbsolutePath().normalize()).toList();
            for (int i = 0; i < folders.size(); i++) {
                for (int j = 0; j < folders.size(); j++) {
                    if (i < j && absolute.get(i).equals(absolute.get(j))) {
                        throw invalid(key, optional(key).orElse(""), "folders listed once each (" + folders.get(i)
                                + " and " + folders.get(j) + " are one folder)");
                    }
                    if (!absolute.get(i).equals(absolute.get(j)) && absolute.get(j).startsWith(absolute.get(i))) {
                        throw invalid(key, optional(key).orElse(""), "folders none of which is inside another ("
                                + folders.get(j) + " is inside " + folders.get(i) + ", which is watched with its"
                                + " subfolders already)");
                    }
                }
            }
            return folders;
        }

        String memory(String key) {
            String value = text(key);
            if (!value.matches("\\d+[mMgG]")) {
                throw invalid(key, value, "a JVM heap size such as 512m or 1g");
            }
            return value;
        }

        URI uri(String key) {
            return optionalUri(key).orElseThrow(() -> invalid(key, "", "an http:// or https:// URL"));
        }

        Optional<URI> optionalUri(String key) {
            Optional<String> raw = optional(key);
            if (raw.isEmpty()) {
                return Optional.empty();
            }
            try {
                URI uri = URI.create(raw.get());
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return Optional.of(uri);
                }
            } catch (IllegalArgumentException e) {
                // reported below with the accepted form
            }
            throw invalid(key, Secrets.mask(key, raw.get()), "an http:// or https:// URL such as http://localhost:9200");
        }

        static InvalidSettingException invalid(String key, String value, String accepted) {
            return new InvalidSettingException("Setting " + environmentName(key) + " (" + key + ") is '" + value
                    + "': expected " + accepted + ".");
        }
    }

    /** {@code tandem.http.port} is set by the environment variable {@code TANDEM_HTTP_PORT}. */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
