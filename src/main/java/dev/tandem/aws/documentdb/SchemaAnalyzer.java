package dev.tandem.aws.documentdb;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * {@code documentdb_analyze_schema}: the fields of a random sample of a collection. Every nested path (array
 * elements as {@code path[]}), the share of sampled documents having it, and the share of those in which it has
 * each type.
 */
public final class SchemaAnalyzer {

    private final DocumentDbConnections connections;
    private final int defaultSample;

    public SchemaAnalyzer(DocumentDbConnections connections, int defaultSample) {
        this.connections = connections;
        this.defaultSample = defaultSample;
    }

    /** One path: how often it is present and which types it takes. */
    public record Field(String path, double share, Map<String, Double> types) {
    }

    public record Schema(String database, String collection, int sampled, List<Field> fields) {
    }

    public Schema analyze(Map<String, Object> arguments) {
        ToolArguments a = new ToolArguments(arguments);
        Target target = a.target();
        int size = a.integer("sample_size", defaultSample, 1, 10_000);
        MongoCollection<Document> collection = connections.collection(target);
        // a sample as large as the collection is the whole collection, read without $sample's random sort
        List<Document> sample = MongoCalls.run(() -> (size >= collection.estimatedDocumentCount()
                ? collection.find().limit(size)
                : collection.aggregate(List.of(new Document("$sample", new Document("size", size))))).into(new ArrayList<>()));
        // per path: documents having it, and per type the documents in which it has that type
        Map<String, Integer> present = new TreeMap<>();
        Map<String, Map<String, Integer>> typed = new TreeMap<>();
        for (Document document : sample) {
            Map<String, Set<String>> seen = new TreeMap<>();
            visit("", document, seen);
            seen.forEach((path, types) -> {
                present.merge(path, 1, Integer::sum);
                types.forEach(type -> typed.computeIfAbsent(path, p -> new TreeMap<>()).merge(type, 1, Integer::sum));
            });
        }
        List<Field> fields = present.entrySet().stream().map(e -> new Field(e.getKey(),
                share(e.getValue(), sample.size()), shares(typed.get(e.getKey()), e.getValue()))).toList();
        return new Schema(target.database(), target.collection(), sample.size(), fields);
    }

    private static void visit(String path, Object value, Map<String, Set<String>> seen) {
        if (value instanceof Document document) {
            document.forEach((key, child) -> {
                String childPath = path.isEmpty() ? key : path + "." + key;
                seen.computeIfAbsent(childPath, p -> new HashSet<>()).add(typeOf(child));
                visit(childPath, child, seen);
            });
        } else if (value instanceof List<?> list) {
            for (Object element : list) {
                seen.computeIfAbsent(path + "[]", p -> new HashSet<>()).add(typeOf(element));
                visit(path + "[]", element, seen);
            }
        }
    }

    private static String typeOf(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Document) {
            return "object";
        }
        if (value instanceof List<?>) {
            return "array";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Integer) {
            return "int";
        }
        if (value instanceof Long) {
            return "long";
        }
        if (value instanceof Double) {
            return "double";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof ObjectId) {
            return "objectId";
        }
        if (value instanceof Date) {
            return "date";
        }
        if (value instanceof Decimal128) {
            return "decimal";
        }
        if (value instanceof Binary) {
            return "binData";
        }
        return value.getClass().getSimpleName();
    }

    private static Map<String, Double> shares(Map<String, Integer> counts, int of) {
        Map<String, Double> shares = new TreeMap<>();
        counts.forEach((type, count) -> shares.put(type, share(count, of)));
        return shares;
    }

    /** A share rounded to four places, enough to read and to compare. */
    private static double share(int count, int of) {
        return Math.round(count * 10_000.0 / of) / 10_000.0;
    }
}
