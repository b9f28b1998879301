package dev.tandem.aws.documentdb;

import java.util.Map;

import com.mongodb.MongoCommandException;
import dev.tandem.mcp.ToolException;
import org.bson.Document;

/**
 * What camel-mongodb does not offer, through the driver: database and collection statistics and the query
 * planner's view of a find or an aggregation ({@code explain}), which some servers do not have.
 */
public final class StatsTools {

    /** The server's answer to a command it does not know. */
    private static final int COMMAND_NOT_FOUND = 59;

    private final DocumentDbConnections connections;
    private final QueryGuard guard;
    private final int maxTimeMs;

    public StatsTools(DocumentDbConnections connections, boolean writesAllowed, int maxTimeMs) {
        this.connections = connections;
        this.guard = new QueryGuard(writesAllowed);
        this.maxTimeMs = maxTimeMs;
    }

    public Map<String, Object> databaseStats(Map<String, Object> arguments) {
        ToolArguments a = new ToolArguments(arguments);
        String database = a.text("database");
        Document stats = MongoCalls.run(() -> connections.database(a.optionalText("connection"), database)
                .runCommand(new Document("dbStats", 1)));
        return Map.of("database", database, "stats", ExtendedJson.toMap(stats));
    }

    public Map<String, Object> collectionStats(Map<String, Object> arguments) {
        Target target = new ToolArguments(arguments).target();
        Document stats = MongoCalls.run(() -> connections.database(target.connection(), target.database())
                .runCommand(new Document("collStats", target.collection())));
        return Map.of("database", target.database(), "collection", target.collection(),
                "stats", ExtendedJson.toMap(stats));
    }

    /** {@code operation} find (filter, projection, sort, limit) or aggregate (pipeline), planned, not run. */
    public Map<String, Object> explain(Map<String, Object> arguments) {
        ToolArguments a = new ToolArguments(arguments);
        Target target = a.target();
        Document command = switch (a.text("operation")) {
            case "find" -> new Document("find", target.collection()).append("filter", a.document("filter"))
                    .append("projection", a.document("projection")).append("sort", a.document("sort"))
                    .append("limit", a.integer("limit", 0, 0, Integer.MAX_VALUE));
            case "aggregate" -> new Document("aggregate", target.collection())
                    .append("pipeline", a.documents("pipeline")).append("cursor", new Document());
            default -> throw new ToolException("'operation' must be find or aggregate.");
        };
        guard.check("query", command);
        Document explain = new Document("explain", command.append("maxTimeMS", maxTimeMs))
                .append("verbosity", "queryPlanner");
        Document plan = MongoCalls.run(() -> {
            try {
                return connections.database(target.connection(), target.database()).runCommand(explain);
            } catch (MongoCommandException e) {
                if (e.getErrorCode() == COMMAND_NOT_FOUND || e.getErrorMessage().contains("no such command")) {
                    throw new ToolException("This server has no explain command (Amazon DocumentDB and MongoDB"
                            + " have one), so no plan can be shown: " + e.getErrorMessage());
                }
                throw e;
            }
        });
        return Map.of("operation", a.text("operation"), "plan", ExtendedJson.toMap(plan));
    }
}
