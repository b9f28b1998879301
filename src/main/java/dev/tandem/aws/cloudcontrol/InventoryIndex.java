package dev.tandem.aws.cloudcontrol;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.tandem.search.ElasticsearchConnection;
import org.elasticsearch.client.RestClient;

/**
 * The Elasticsearch index of the AWS inventory. Properties are kept as a JSON string (not indexed field by field,
 * so a type's many properties cannot blow up the mapping) plus {@code property_pairs} ("Path=value") for filters and {@code text} for full text.
 * The sync is the only writer and makes its writes visible with {@link #refresh()} when it has listed everything, so
 * the index has no periodic refresh: refreshing while a run writes only made small segments to merge again.
 */
public final class InventoryIndex {

    private static final String MAPPING = """
            {"settings": {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "-1"},
             "mappings": {"dynamic": false, "properties": {
               "type": {"type": "keyword"}, "region": {"type": "keyword"}, "identifier": {"type": "keyword"},
               "properties_json": {"type": "keyword", "index": false, "doc_values": false},
               "property_pairs": {"type": "keyword", "ignore_above": 512}, "text": {"type": "text"},
               "first_seen": {"type": "date"}, "last_seen": {"type": "date"}, "deleted": {"type": "boolean"},
               "deleted_at": {"type": "date"}}}}""";

    private final ElasticsearchClient client;
    private final RestClient restClient;
    private final String name;

    public InventoryIndex(ElasticsearchConnection elasticsearch, String name) {
        this.client = elasticsearch.client();
        this.restClient = elasticsearch.restClient();
        this.name = name;
    }

    public String name() {
        return name;
    }

    public void ensureExists() throws IOException {
        if (!client.indices().exists(e -> e.index(name)).value()) {
            client.indices().create(c -> c.index(name).withJson(new StringReader(MAPPING)));
        }
    }

    /** Whether the index holds any resource of this type and region, as of the last {@link #refresh()}. */
    boolean holds(String typeName, String region) throws IOException {
        return client.count(c -> c.index(name).query(q -> q.bool(b -> b.filter(term("type", typeName),
                term("region", region))))).count() > 0;
    }

    /**
     * Writes the resources as seen now, each keeping the first_seen it already had: read in one real-time mget, so
     * the bulk can use plain index operations (an update with upsert per document is several times slower). When
     * none of them can be known yet ({@code mayBeKnown} false, e.g. a first sync), there is nothing to read.
     */
    void upsert(List<InventoryRecord> records, Instant now, boolean mayBeKnown) throws IOException {
        if (records.isEmpty()) {
            return;
        }
        Map<String, String> firstSeen = mayBeKnown ? firstSeen(records.stream().map(InventoryRecord::id).toList())
                : Map.of();
        NdjsonBulk bulk = new NdjsonBulk(name);
        for (InventoryRecord r : records) {
            Map<String, Object> source = source(r, now);
            source.put("first_seen", firstSeen.getOrDefault(r.id(), now.toString()));
            bulk.index(r.id(), source);
        }
        bulk.send(restClient);
    }

    @SuppressWarnings("rawtypes")
    private Map<String, String> firstSeen(List<String> ids) throws IOException {
        MgetResponse<Map> known = client.mget(m -> m.index(name).ids(ids).sourceIncludes("first_seen"), Map.class);
        Map<String, String> firstSeen = new HashMap<>();
        known.docs().forEach(d -> {
            if (d.isResult() && d.result().found() && d.result().source() != null) {
                firstSeen.put(d.result().id(), (String) d.result().source().get("first_seen"));
            }
        });
        return firstSeen;
    }

    /** Makes every write so far visible to searches. */
    void refresh() throws IOException {
        client.indices().refresh(r -> r.index(name));
    }

    /**
     * Marks deleted what these types (by region) no longer have: not seen since {@code runStart}. One search for all
     * of them, over what the last {@link #refresh()} made visible.
     */
    int markDeleted(Map<String, List<String>> typesByRegion, Instant runStart) throws IOException {
        if (typesByRegion.isEmpty()) {
            return 0;
        }
        List<Query> listed = typesByRegion.entrySet().stream().map(e -> Query.of(q -> q.bool(b -> b.filter(
                term("region", e.getKey()), Query.of(t -> t.terms(ts -> ts.field("type").terms(v -> v.value(
                        e.getValue().stream().map(FieldValue::of).toList())))))))).toList();
        int marked = 0;
        while (true) {
            SearchResponse<Void> vanished = client.search(s -> s.index(name).size(1000).source(f -> f.fetch(false))
                    .query(q -> q.bool(b -> b.filter(term("deleted", false)).filter(f -> f.bool(any -> any
                            .should(listed))).filter(f -> f.range(r -> r.date(d -> d.field("last_seen")
                                    .lt(runStart.toString())))))), Void.class);
            if (vanished.hits().hits().isEmpty()) {
                return marked;
            }
            BulkRequest.Builder bulk = new BulkRequest.Builder().index(name).refresh(
                    co.elastic.clients.elasticsearch._types.Refresh.True);
            for (Hit<Void> hit : vanished.hits().hits()) {
                bulk.operations(BulkOperation.of(o -> o.update(u -> u.id(hit.id()).action(a -> a.doc(
                        Map.of("deleted", true, "deleted_at", Instant.now().toString()))))));
            }
            failOnErrors(client.bulk(bulk.build()));
            marked += vanished.hits().hits().size();
        }
    }

    /** Full text over the properties, filtered by type, region, "Path=value" pairs and whether deleted ones count. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> search(String text, String typeName, String region, List<String> propertyPairs,
            boolean includeDeleted, int size) throws IOException {
        List<Query> filters = new ArrayList<>();
        if (typeName != null) {
            filters.add(term("type", typeName));
        }
        if (region != null) {
            filters.add(term("region", region));
        }
        propertyPairs.forEach(pair -> filters.add(term("property_pairs", pair)));
        if (!includeDeleted) {
            filters.add(term("deleted", false));
        }
        SearchResponse<Map> found = client.search(s -> s.index(name).size(size).query(q -> q.bool(b -> {
            b.filter(filters);
            if (text != null) {
                b.must(m -> m.match(t -> t.field("text").query(text)));
            }
            return b;
        })), Map.class);
        return found.hits().hits().stream().map(hit -> {
            Map<String, Object> source = hit.source();
            Map<String, Object> result = new LinkedHashMap<>();
            for (String key : List.of("type", "region", "identifier", "first_seen", "last_seen", "deleted")) {
                result.put(key, source.get(key));
            }
            result.put("properties", Json.object((String) source.get("properties_json")));
            return result;
        }).toList();
    }

    private static Map<String, Object> source(InventoryRecord r, Instant now) {
        List<String> pairs = new ArrayList<>();
        flatten("", r.properties(), pairs);
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("type", r.typeName());
        source.put("region", r.region());
        source.put("identifier", r.identifier());
        source.put("properties_json", Json.write(r.properties()));
        source.put("property_pairs", pairs);
        source.put("text", String.join(" ", Stream.concat(Stream.of(r.identifier()), pairs.stream()).toList()));
        source.put("last_seen", now.toString());
        source.put("deleted", false);
        return source;
    }

    /** Leaves as "Path.To.Leaf=value"; list items share their list's path so filters need no index. */
    private static void flatten(String path, Object value, List<String> pairs) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(path.isEmpty() ? String.valueOf(k) : path + "." + k, v, pairs));
        } else if (value instanceof List<?> list) {
            list.forEach(item -> flatten(path, item, pairs));
        } else if (value != null) {
            pairs.add(path + "=" + value);
        }
    }

    private static Query term(String field, String value) {
        return Query.of(q -> q.term(t -> t.field(field).value(value)));
    }

    private static Query term(String field, boolean value) {
        return Query.of(q -> q.term(t -> t.field(field).value(FieldValue.of(value))));
    }

    private static void failOnErrors(BulkResponse response) {
        if (response.errors()) {
            throw new IllegalStateException("Elasticsearch refused inventory documents: " + response.items().stream()
                    .filter(i -> i.error() != null).findFirst().map(i -> i.error().reason()).orElse("?"));
        }
    }
}
