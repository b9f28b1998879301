package dev.tandem.aws.documentdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoClient;
import dev.tandem.tool.ToolException;
import org.bson.Document;

/**
 * Connections and what they hold: {@code documentdb_connect}, {@code documentdb_disconnect},
 * {@code documentdb_list_databases} and {@code documentdb_list_collections}. URIs are never shown.
 */
public final class ConnectionTools {

    private final DocumentDbConnections connections;
    private final boolean adHocAllowed;

    public ConnectionTools(DocumentDbConnections connections, boolean adHocAllowed) {
        this.connections = connections;
        this.adHocAllowed = adHocAllowed;
    }

    /** Opens a named connection, or adds one from a URI when ad-hoc connections are allowed, and pings it. */
    public Map<String, Object> connect(Map<String, Object> arguments) {
        ToolArguments a = new ToolArguments(arguments);
        if (a.has("uri")) {
            if (!adHocAllowed) {
                throw new ToolException("Connecting with a URI is off (TANDEM_DOCUMENTDB_ALLOW_ADHOC); use one of the"
                        + " configured connections: " + connections.names() + ".");
            }
            connections.addAdHoc(a.text("connection"), a.text("uri"));
        }
        MongoClient client = connections.client(a.optionalText("connection"));
        MongoCalls.run(() -> client.getDatabase("admin").runCommand(new Document("ping", 1)));
        return Map.of("connections", List.copyOf(connections.names()), "connected", true);
    }

    public Map<String, Object> disconnect(Map<String, Object> arguments) {
        String name = new ToolArguments(arguments).text("connection");
        if (!connections.names().contains(name)) {
            throw new ToolException("There is no DocumentDB connection '" + name + "'; known: " + connections.names()
                    + ".");
        }
        return Map.of("connection", name, "closed", connections.disconnect(name));
    }

    public Map<String, Object> listDatabases(Map<String, Object> arguments) {
        ToolArguments a = new ToolArguments(arguments);
        MongoClient client = connections.client(a.optionalText("connection"));
        List<Map<String, Object>> databases = MongoCalls.run(() -> client.listDatabases()
                .map(d -> Map.<String, Object>of("name", d.getString("name"),
                        "size_on_disk", ((Number) d.get("sizeOnDisk", 0)).longValue()))
                .into(new ArrayList<>()));
        return Map.of("databases", databases);
    }

    public Map<String, Object> listCollections(Map<String, Object> arguments) {
        ToolArguments a = new ToolArguments(arguments);
        String database = a.text("database");
        List<String> names = MongoCalls.run(() -> connections.database(a.optionalText("connection"), database)
                .listCollectionNames().into(new ArrayList<>()));
        return Map.of("database", database, "collections", names.stream().sorted().toList());
    }
}
