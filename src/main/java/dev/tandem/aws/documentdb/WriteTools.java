package dev.tandem.aws.documentdb;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.result.DeleteResult;
import com.mongodb.client.result.UpdateResult;
import dev.tandem.mcp.ToolCalls;
import dev.tandem.mcp.ToolException;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import org.apache.camel.Header;
import org.bson.BsonValue;
import org.bson.Document;

/**
 * The writing tools, listed only when writes are allowed: create and drop a collection, insert, update and
 * delete. Each also refuses on its own in read-only mode, for callers that reach the route directly. Changing
 * every document ({@code many} with an empty filter) needs the user's {@link Confirmation}.
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
            @Header(ToolCalls.MCP_EXCHANGE) McpSyncServerExchange exchange) {
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

    public Map<String, Object> insert(Map<String, Object> arguments) {
        ToolArguments a = writable(arguments);
        Target target = a.target();
        List<Document> documents = a.documents("documents");
        if (documents.isEmpty()) {
            throw new ToolException("'documents' is empty: give at least one document to insert.");
        }
        Map<Integer, BsonValue> ids = MongoCalls.run(() -> connections.collection(target).insertMany(documents)
                .getInsertedIds());
        return Map.of("inserted", ids.size(), "inserted_ids", ids.values().stream()
                .map(WriteTools::relaxed).toList());
    }

    public Map<String, Object> update(Map<String, Object> arguments,
            @Header(ToolCalls.MCP_EXCHANGE) McpSyncServerExchange exchange) {
        ToolArguments a = writable(arguments);
        Target target = a.target();
        Document filter = a.document("filter");
        boolean many = a.flag("many");
        Object update = arguments.get("update") instanceof List<?> ? a.documents("update") : a.document("update");
        guard.check("filter", filter);
        guard.check("update", update);
        if (filter.isEmpty() && many) {
            Confirmation.require(exchange, a.flag("confirm"), "update every document of " + target.database() + "."
                    + target.collection());
        }
        UpdateOptions options = new UpdateOptions().upsert(a.flag("upsert"));
        MongoCollection<Document> collection = connections.collection(target);
        UpdateResult result = MongoCalls.run(() -> update instanceof List<?> pipeline
                ? (many ? collection.updateMany(filter, documentList(pipeline), options)
                        : collection.updateOne(filter, documentList(pipeline), options))
                : (many ? collection.updateMany(filter, (Document) update, options)
                        : collection.updateOne(filter, (Document) update, options)));
        Map<String, Object> answer = new LinkedHashMap<>(Map.of("matched", result.getMatchedCount(),
                "modified", result.getModifiedCount()));
        if (result.getUpsertedId() != null) {
            answer.put("upserted_id", relaxed(result.getUpsertedId()));
        }
        return answer;
    }

    public Map<String, Object> delete(Map<String, Object> arguments,
            @Header(ToolCalls.MCP_EXCHANGE) McpSyncServerExchange exchange) {
        ToolArguments a = writable(arguments);
        Target target = a.target();
        Document filter = a.document("filter");
        boolean many = a.flag("many");
        guard.check("filter", filter);
        if (filter.isEmpty() && many) {
            Confirmation.require(exchange, a.flag("confirm"), "delete every document of " + target.database() + "."
                    + target.collection());
        }
        MongoCollection<Document> collection = connections.collection(target);
        DeleteResult result = MongoCalls.run(() -> many ? collection.deleteMany(filter) : collection.deleteOne(filter));
        return Map.of("deleted", result.getDeletedCount());
    }

    private ToolArguments writable(Map<String, Object> arguments) {
        if (!writesAllowed) {
            throw new ToolException("Tandem's DocumentDB tools are read-only (TANDEM_DOCUMENTDB_ALLOW_WRITE=true"
                    + " allows writes).");
        }
        return new ToolArguments(arguments);
    }

    private static Object relaxed(BsonValue id) {
        return ExtendedJson.toMap(new Document("id", id)).get("id");
    }

    @SuppressWarnings("unchecked")
    private static List<Document> documentList(List<?> pipeline) {
        return (List<Document>) pipeline;
    }
}
