package dev.tandem.aws.documentdb;

import java.util.LinkedHashMap;
import java.util.Map;

import com.mongodb.MongoCommandException;
import dev.tandem.tool.ToolException;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.apache.camel.component.mongodb.MongoDbConstants;
import org.apache.camel.component.mongodb.MongoDbOperation;
import org.bson.Document;

/**
 * Database and collection statistics (run by camel-mongodb, route {@code documentdb-operation}) and, through the
 * driver because camel-mongodb has no such operation, the query planner's view of a find or an aggregation
 * ({@code explain}), which some servers do not have.
 */
public final class StatsTools {

    /** The server's answer to a command it does not know. */
    private static final int COMMAND_NOT_FOUND = 59;

    private final DocumentDbConnections connections;
    private final QueryGuard guard;

    public StatsTools(DocumentDbConnections connections, boolean writesAllowed) {
        this.connections = connections;
        this.guard = new QueryGuard(writesAllowed);
    }

    public void databaseStats(@Body Map<String, Object> arguments, Message message) {
        ToolArguments a = new ToolArguments(arguments);
        Operation.onDatabase(message, connections, a.optionalText("connection"), a.text("database"),
                MongoDbOperation.getDbStats);
    }

    public void collectionStats(@Body Map<String, Object> arguments, Message message) {
        Operation.on(message, connections, new ToolArguments(arguments).target(), MongoDbOperation.getColStats);
    }

    /** The statistics camel-mongodb read, for the database or the collection named in the headers. */
    public Map<String, Object> stats(@Body Document stats, @Header(MongoDbConstants.DATABASE) String database,
            @Header(MongoDbConstants.COLLECTION) String collection) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("database", database);
        if (collection != null) {
            answer.put("collection", collection);
        }
        answer.put("stats", ExtendedJson.toMap(stats));
        return answer;
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
        Document explain = new Document("explain", command).append("verbosity", "queryPlanner");
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
