package dev.tandem.aws.documentdb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.mongodb.client.AggregateIterable;
import com.mongodb.client.MongoIterable;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.apache.camel.component.mongodb.MongoDbConstants;
import org.apache.camel.component.mongodb.MongoDbOperation;
import org.bson.Document;

/**
 * The reading tools on a collection: {@code documentdb_find}, {@code documentdb_aggregate} and
 * {@code documentdb_count_documents}. Each is checked here, run by camel-mongodb (route
 * {@code documentdb-operation}) and answered here. Every answer holds at most {@code maxResults} documents, the rest
 * page by page behind {@code next_cursor}.
 */
public final class QueryTools {

    static final String FIND = "documentdb_find";
    static final String AGGREGATE = "documentdb_aggregate";
    /** The query being answered, for the step that reads its page. */
    static final String QUERY = "TandemDocumentDbQuery";

    private final DocumentDbConnections connections;
    private final QueryGuard guard;
    private final int maxResults;

    public QueryTools(DocumentDbConnections connections, boolean writesAllowed, int maxResults) {
        this.connections = connections;
        this.guard = new QueryGuard(writesAllowed);
        this.maxResults = maxResults;
    }

    /** One more document than the page holds is asked for, to know whether a next page exists. */
    public void find(@Body Map<String, Object> arguments, Message message) {
        Document query = query(FIND, arguments, a -> new Document("filter", a.document("filter"))
                .append("projection", a.document("projection")).append("sort", a.document("sort")));
        guard.check("filter", query.get("filter"));
        guard.check("projection", query.get("projection"));
        Operation.on(message, connections, target(query), MongoDbOperation.findAll);
        message.setHeader(MongoDbConstants.CRITERIA, query.get("filter", Document.class));
        // an empty sort or projection is left out of the command: some servers take a slower path for it
        message.setHeader(MongoDbConstants.FIELDS_PROJECTION, nullIfEmpty(query.get("projection", Document.class)));
        message.setHeader(MongoDbConstants.SORT_BY, nullIfEmpty(query.get("sort", Document.class)));
        message.setHeader(MongoDbConstants.NUM_TO_SKIP, query.getInteger("skip"));
        message.setHeader(MongoDbConstants.LIMIT, pageSize(query) + 1);
        message.setHeader(QUERY, query);
        message.setBody(null);
    }

    /** A pipeline ending in $out or $merge (write mode only) writes its whole result; others are paged. */
    public void aggregate(@Body Map<String, Object> arguments, Message message) {
        Document query = query(AGGREGATE, arguments, a -> new Document("pipeline", a.documents("pipeline")));
        List<Document> pipeline = query.getList("pipeline", Document.class);
        guard.check("pipeline", pipeline);
        Operation.on(message, connections, target(query), MongoDbOperation.aggregate);
        message.setHeader(QUERY, query);
        if (writesOut(query)) {
            message.setBody(pipeline);
            return;
        }
        List<Document> paged = new ArrayList<>(pipeline);
        paged.add(new Document("$skip", query.getInteger("skip")));
        paged.add(new Document("$limit", pageSize(query) + 1));
        message.setBody(paged);
    }

    /** The documents camel-mongodb found, as one page and the cursor of the next. */
    public Map<String, Object> page(@Body MongoIterable<Document> found, @Header(QUERY) Document query) {
        if (writesOut(query) && found instanceof AggregateIterable<Document> output) {
            MongoCalls.run(() -> {
                output.toCollection();
                return null;
            });
            return answer(query, List.of(), null);
        }
        List<Document> documents = MongoCalls.run(() -> found.into(new ArrayList<>()));
        int size = pageSize(query);
        if (documents.size() <= size) {
            return answer(query, documents, null);
        }
        int skip = query.getInteger("skip");
        int limit = query.getInteger("limit");
        String next = limit != 0 && limit <= size ? null : PageCursor.encode(new Document(query)
                .append("skip", skip + size).append("limit", limit == 0 ? 0 : limit - size));
        return answer(query, documents.subList(0, size), next);
    }

    public void countDocuments(@Body Map<String, Object> arguments, Message message) {
        ToolArguments a = new ToolArguments(arguments);
        Document filter = a.document("filter");
        guard.check("filter", filter);
        Operation.on(message, connections, a.target(), MongoDbOperation.count);
        message.setHeader(MongoDbConstants.CRITERIA, filter);
        message.setBody(null);
    }

    public Map<String, Object> counted(@Body Long count, @Header(MongoDbConstants.DATABASE) String database,
            @Header(MongoDbConstants.COLLECTION) String collection) {
        return Map.of("database", database, "collection", collection, "count", count);
    }

    /** The query of this call: from its cursor when paging on, otherwise from the arguments. */
    private Document query(String tool, Map<String, Object> arguments,
            Function<ToolArguments, Document> specific) {
        ToolArguments a = new ToolArguments(arguments);
        if (a.has("cursor")) {
            return PageCursor.decode(tool, a.text("cursor"));
        }
        Target target = a.target();
        Document query = new Document("tool", tool).append("database", target.database())
                .append("collection", target.collection())
                .append("skip", a.integer("skip", 0, 0, Integer.MAX_VALUE))
                .append("limit", a.integer("limit", 0, 0, Integer.MAX_VALUE));
        target.connection().ifPresent(c -> query.append("connection", c));
        query.putAll(specific.apply(a));
        return query;
    }

    private int pageSize(Document query) {
        int limit = query.getInteger("limit");
        return limit > 0 ? Math.min(limit, maxResults) : maxResults;
    }

    /** The answer's shape is a map, not a record, so that it goes out as it is, without another conversion. */
    private static Map<String, Object> answer(Document query, List<Document> documents, String next) {
        List<Map<String, Object>> relaxed = new ArrayList<>(documents.size());
        documents.forEach(document -> relaxed.add(ExtendedJson.toMap(document)));
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("database", query.getString("database"));
        page.put("collection", query.getString("collection"));
        page.put("documents", relaxed);
        page.put("next_cursor", next);
        return page;
    }

    private static boolean writesOut(Document query) {
        List<Document> pipeline = query.getList("pipeline", Document.class);
        if (pipeline == null || pipeline.isEmpty()) {
            return false;
        }
        Document last = pipeline.get(pipeline.size() - 1);
        return last.containsKey("$out") || last.containsKey("$merge");
    }

    private static Document nullIfEmpty(Document document) {
        return document.isEmpty() ? null : document;
    }

    private static Target target(Document query) {
        return new Target(Optional.ofNullable(query.getString("connection")), query.getString("database"),
                query.getString("collection"));
    }
}
