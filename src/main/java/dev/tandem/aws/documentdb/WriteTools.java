package dev.tandem.aws.documentdb;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.client.result.DeleteResult;
import com.mongodb.client.result.UpdateResult;
import dev.tandem.tool.ToolHeaders;
import dev.tandem.tool.ToolException;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.apache.camel.component.mongodb.MongoDbConstants;
import org.apache.camel.component.mongodb.MongoDbOperation;
import org.bson.Document;

/**
 * The writing tools, listed only when writes are allowed: create and drop a collection (driver), insert, update and
 * delete (checked here, run by camel-mongodb, answered here). Each also refuses on its own in read-only mode, for
 * callers that reach the route directly. Changing every document ({@code many} with an empty filter) needs the
 * user's {@link Confirmation}.
 */
public final class WriteTools {

    private final DocumentDbConnections connections;
    private final boolean writesAllowed;
    private final QueryGuard guard;

    public WriteTools(DocumentDbConnections connections, boolean writesAllowed) {
        this.connections = connections;
        this.writesAllowed = writesAllowed;
        this.guard = new QueryGuard(writesAllowed);
    }

    public Map<String, Object> createCollection(Map<String, Object> arguments) {
        Target target = writable(arguments).target();
        MongoCalls.run(() -> {
            connections.database(target.connection(), target.database()).createCollection(target.collection());
            return null;
        });
        return Map.of("database", target.database(), "collection", target.collection(), "created", true);
    }

    public Map<String, Object> dropCollection(Map<String, Object> arguments,
            @Header(ToolHeaders.MCP_EXCHANGE) McpSyncServerExchange exchange) {
        ToolArguments a = writable(arguments);
        Target target = a.target();
        Confirmation.require(exchange, a.flag("confirm"), "drop the collection " + target.database() + "."
                + target.collection() + " with all its documents");
        MongoCalls.run(() -> {
            connections.collection(target).drop();
            return null;
        });
        return Map.of("database", target.database(), "collection", target.collection(), "dropped", true);
    }

    public void insert(@Body Map<String, Object> arguments, Message message) {
        ToolArguments a = writable(arguments);
        List<Document> documents = a.documents("documents");
        if (documents.isEmpty()) {
            throw new ToolException("'documents' is empty: give at least one document to insert.");
        }
        Operation.on(message, connections, a.target(), MongoDbOperation.insert);
        message.setBody(documents);
    }

    /** The inserted documents come back from camel-mongodb with the ids the driver gave them. */
    public Map<String, Object> inserted(@Body List<Document> documents) {
        return Map.of("inserted", documents.size(), "inserted_ids", documents.stream()
                .map(document -> ExtendedJson.relaxed(document.get("_id"))).toList());
    }

    public void update(@Body Map<String, Object> arguments, Message message,
            @Header(ToolHeaders.MCP_EXCHANGE) McpSyncServerExchange exchange) {
        ToolArguments a = writable(arguments);
        Target target = a.target();
        Document filter = a.document("filter");
        Document update = a.document("update");
        boolean many = a.flag("many");
        guard.check("filter", filter);
        guard.check("update", update);
        if (filter.isEmpty() && many) {
            Confirmation.require(exchange, a.flag("confirm"), "update every document of " + target.database() + "."
                    + target.collection());
        }
        Operation.on(message, connections, target, MongoDbOperation.update);
        message.setHeader(MongoDbConstants.CRITERIA, filter);
        message.setHeader(MongoDbConstants.MULTIUPDATE, many);
        message.setHeader(MongoDbConstants.UPSERT, a.flag("upsert"));
        message.setBody(update);
    }

    public Map<String, Object> updated(@Body UpdateResult result) {
        Map<String, Object> answer = new LinkedHashMap<>(Map.of("matched", result.getMatchedCount(),
                "modified", result.getModifiedCount()));
        if (result.getUpsertedId() != null) {
            answer.put("upserted_id", ExtendedJson.relaxed(result.getUpsertedId()));
        }
        return answer;
    }

    /** camel-mongodb removes every match; one document goes with its find-one-and-delete. */
    public void delete(@Body Map<String, Object> arguments, Message message,
            @Header(ToolHeaders.MCP_EXCHANGE) McpSyncServerExchange exchange) {
        ToolArguments a = writable(arguments);
        Target target = a.target();
        Document filter = a.document("filter");
        boolean many = a.flag("many");
        guard.check("filter", filter);
        if (filter.isEmpty() && many) {
            Confirmation.require(exchange, a.flag("confirm"), "delete every document of " + target.database() + "."
                    + target.collection());
        }
        Operation.on(message, connections, target, many ? MongoDbOperation.remove : MongoDbOperation.findOneAndDelete);
        message.setBody(filter);
    }

    public Map<String, Object> deleted(@Body Object result) {
        long deleted = result instanceof DeleteResult removed ? removed.getDeletedCount() : result == null ? 0 : 1;
        return Map.of("deleted", deleted);
    }

    private ToolArguments writable(Map<String, Object> arguments) {
        if (!writesAllowed) {
            throw new ToolException("Tandem's DocumentDB tools are read-only (TANDEM_DOCUMENTDB_ALLOW_WRITE=true"
                    + " allows writes).");
        }
        return new ToolArguments(arguments);
    }
}
