package dev.tandem.aws.documentdb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.tandem.config.Secrets;
import dev.tandem.tool.ToolException;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DocumentDB connections by name: the configured ones, whose URIs never leave this class, and ad-hoc ones
 * added with {@code documentdb_connect} when allowed. A client opens on first use and closes once idle for
 * {@code idleTimeout}; the next use opens it again. Every operation of a client has the time limit
 * {@code operationTimeout}, which the driver sends to the server as {@code maxTimeMS} with each command.
 */
public final class DocumentDbConnections implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DocumentDbConnections.class);
    /** Connection names, the same rule as for configured ones. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    private final Map<String, String> configured;
    private final Map<String, String> adHoc = new ConcurrentHashMap<>();
    private final Map<String, Open> open = new ConcurrentHashMap<>();
    private final Optional<SSLContext> tls;
    private final Duration idleTimeout;
    private final Duration operationTimeout;
    private final Clock clock;

    private record Open(MongoClient client, Instant lastUsed) {
    }

    public DocumentDbConnections(Map<String, String> configured, Optional<SSLContext> tls, Duration idleTimeout,
            Duration operationTimeout, Clock clock) {
        this.configured = Map.copyOf(configured);
        this.tls = tls;
        this.idleTimeout = idleTimeout;
        this.operationTimeout = operationTimeout;
        this.clock = clock;
    }

    /** The name of a known connection; {@code name} empty picks the only connection there is. */
    public String resolve(Optional<String> name) {
        String chosen = name.orElseGet(this::onlyConnection);
        if (!configured.containsKey(chosen) && !adHoc.containsKey(chosen)) {
            throw new ToolException("There is no DocumentDB connection '" + chosen + "'; known: " + names() + ".");
        }
        return chosen;
    }

    /** The client of a connection, opened if needed; {@code name} empty picks the only connection there is. */
    public MongoClient client(Optional<String> name) {
        String chosen = resolve(name);
        String uri = configured.containsKey(chosen) ? configured.get(chosen) : adHoc.get(chosen);
        return open.compute(chosen, (n, current) -> new Open(current == null ? create(uri) : current.client(),
                clock.instant())).client();
    }

    MongoDatabase database(Optional<String> connection, String database) {
        return client(connection).getDatabase(database);
    }

    MongoCollection<Document> collection(Target target) {
        return database(target.connection(), target.database()).getCollection(target.collection());
    }

    /** Adds a connection from a caller's URI under {@code name}; configured names cannot be replaced. */
    public void addAdHoc(String name, String uri) {
        if (configured.containsKey(name)) {
            throw new ToolException("'" + name + "' is a configured connection; choose another name.");
        }
        if (!NAME.matcher(name).matches()) {
            throw new ToolException("'" + name + "' cannot name a connection: use lower-case letters, digits, '-' and"
                    + " '_', starting with a letter.");
        }
        // the caller's credentials are secrets like the configured ones: masked in the log from here on
        Secrets.learnUrlCredentials(uri);
        try {
            new ConnectionString(uri);
        } catch (IllegalArgumentException e) {
            throw new ToolException("The URI is not a MongoDB connection string: " + Secrets.maskText(e.getMessage()));
        }
        disconnect(name);
        adHoc.put(name, uri);
    }

    /** Closes the connection's client; an ad-hoc connection is forgotten as well. */
    public boolean disconnect(String name) {
        adHoc.remove(name);
        Open closing = open.remove(name);
        if (closing != null) {
            closing.client().close();
        }
        return closing != null;
    }

    /** Closes every client unused for longer than the idle timeout. */
    public void closeIdle() {
        Instant cutoff = clock.instant().minus(idleTimeout);
        open.forEach((name, connection) -> {
            if (connection.lastUsed().isBefore(cutoff) && open.remove(name, connection)) {
                connection.client().close();
                LOG.info("DocumentDB connection '{}' closed after {} s idle", name, idleTimeout.toSeconds());
            }
        });
    }

    public Set<String> names() {
        Set<String> names = new TreeSet<>(configured.keySet());
        names.addAll(adHoc.keySet());
        return names;
    }

    public boolean isOpen(String name) {
        return open.containsKey(name);
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    private String onlyConnection() {
        List<String> names = List.copyOf(names());
        if (names.size() != 1) {
            throw new ToolException(names.isEmpty()
                    ? "No DocumentDB connection is configured (TANDEM_DOCUMENTDB_CONNECTIONS)."
                    : "Say which connection to use: one of " + names + ".");
        }
        return names.get(0);
    }

    /**
     * DocumentDB does not support retryable writes, so they are off whatever the URI says. The client's operation
     * timeout makes the driver send {@code maxTimeMS} with every command, whoever runs it (camel-mongodb or a tool).
     */
    private MongoClient create(String uri) {
        MongoClientSettings.Builder settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .retryWrites(false)
                .timeout(operationTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .applicationName("tandem");
        tls.ifPresent(context -> settings.applyToSslSettings(ssl -> ssl.enabled(true).context(context)));
        return MongoClients.create(settings.build());
    }

    @Override
    public void close() {
        open.keySet().forEach(this::disconnect);
    }
}
