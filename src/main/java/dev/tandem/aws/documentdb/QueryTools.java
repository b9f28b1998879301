package dev.tandem.aws.documentdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoIterable;
import com.mongodb.client.model.CountOptions;
import org.bson.Document;

/**
 * The reading tools on a collection: {@code documentdb_find}, {@code documentdb_aggregate} and
 * {@code documentdb_count_documents}. Every query carries the server time limit; every answer holds at most
 * {@code maxResults} documents, the rest page by page behind {@code next_cursor}.
 */
public final class QueryTools {

    static final String FIND = "documentdb_find";
    static final String AGGREGATE = "documentdb_aggregate";

    private final DocumentDbConnections connections;
    private final QueryGuard guard;
    private final Limits limits;

    /** The server time limit of every query and the most documents in one answer. */
    public record Limits(int maxTimeMs, int maxResults) {
    }

    public QueryTools(DocumentDbConnections connections, boolean writesAllowed, Limits limits) {
        this.connections = connections;
        this.guard = new QueryGuard(writesAllowed);
        this.limits = limits;
    }

    public DocumentPage find(Map<String, Object> arguments) {
        Document query = query(FIND, arguments, a -> new Document("filter", a.document("filter"))
                .append("projection", a.document("projection")).append("sort", a.document("sort")));
        guard.check("filter", query.get("filter"));
        guard.check("projection", query.get("projection"));
        return page(query, (collection, skip, size) -> collection.find(query.get("filter", Document.class))
                .projection(nullIfEmpty(query.get("projection", Document.class)))
                .sort(nullIfEmpty(query.get("sort", Document.class)))
                .skip(skip).limit(size).maxTime(limits.maxTimeMs(), TimeUnit.MILLISECONDS));
    }

    public DocumentPage aggregate(Map<String, Object> arguments) {
        Document query = query(AGGREGATE, arguments, a -> new Document("pipeline", a.documents("pipeline")));
        List<Document> pipeline = query.getList("pipeline", Document.class);
        guard.check("pipeline", pipeline);
        if (!pipeline.isEmpty() && writes(pipeline.get(pipeline.size() - 1))) {
            return writeOut(query, pipeline);
        }
        return page(query, (collection, skip, size) -> {
            List<Document> paged = new ArrayList<>(pipeline);
            paged.add(new Document("$skip", skip));
            paged.add(new Document("$limit", size));
            return collection.aggregate(paged).maxTime(limits.maxTimeMs(), TimeUnit.MILLISECONDS);
        });
    }

    public Map<String, Object> countDocuments(Map<String, Object> arguments) {
        ToolArguments a = new ToolArguments(arguments);
        Target target = a.target();
        Document filter = a.document("filter");
        guard.check("filter", filter);
        long count = MongoCalls.run(() -> collection(target).countDocuments(filter,
                new CountOptions().maxTime(limits.maxTimeMs(), TimeUnit.MILLISECONDS)));
        return Map.of("database", target.database(), "collection", target.collection(), "count", count);
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

    private interface Fetch {
        MongoIterable<Document> documents(MongoCollection<Document> collection, int skip, int size);
    }

    /** One more document than the page holds is read, to know whether a next page exists. */
    private DocumentPage page(Document query, Fetch fetch) {
        int skip = query.getInteger("skip");
        int limit = query.getInteger("limit");
        int size = limit > 0 ? Math.min(limit, limits.maxResults()) : limits.maxResults();
        MongoCollection<Document> collection = collection(target(query));
        List<Document> found = MongoCalls.run(() -> fetch.documents(collection, skip, size + 1).into(new ArrayList<>()));
        String next = null;
        if (found.size() > size) {
            found = found.subList(0, size);
            if (limit == 0 || limit > size) {
                next = PageCursor.encode(new Document(query).append("skip", skip + size)
                        .append("limit", limit == 0 ? 0 : limit - size));
            }
        }
        return new DocumentPage(query.getString("database"), query.getString("collection"),
                found.stream().map(ExtendedJson::toMap).toList(), next);
    }

    /** A pipeline ending in $out or $merge (write mode only) writes its result and returns nothing. */
    private DocumentPage writeOut(Document query, List<Document> pipeline) {
        MongoCalls.run(() -> {
            collection(target(query)).aggregate(pipeline).maxTime(limits.maxTimeMs(), TimeUnit.MILLISECONDS)
                    .toCollection();
            return null;
        });
        return new DocumentPage(query.getString("database"), query.getString("collection"), List.of(), null);
    }

    /** An empty sort or projection is left out of the command: some servers take a slower path for it. */
    private static Document nullIfEmpty(Document document) {
        return document.isEmpty() ? null : document;
    }

    private static boolean writes(Document stage) {
        return stage.containsKey("$out") || stage.containsKey("$merge");
    }

    private static Target target(Document query) {
        return new Target(Optional.ofNullable(query.getString("connection")), query.getString("database"),
                query.getString("collection"));
    }

    private MongoCollection<Document> collection(Target target) {
        return connections.collection(target);
    }
}
