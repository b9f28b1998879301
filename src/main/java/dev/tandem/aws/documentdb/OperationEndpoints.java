package dev.tandem.aws.documentdb;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.mongodb.client.MongoClient;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.component.mongodb.MongoDbEndpoint;
import org.apache.camel.component.mongodb.MongoDbOperation;
import org.apache.camel.component.mongodb.MongoDbOutputType;

/**
 * One camel-mongodb endpoint per connection, for the route {@code documentdb-operation}: the tool has put the
 * operation, database and collection in the {@code CamelMongoDb*} headers and the connection's name in
 * {@value #CONNECTION}. The endpoint is chosen here from the known connections, never built from request data. It
 * outlives the connection's client: after an idle close, the next call opens a new client and hands it over.
 */
public final class OperationEndpoints {

    public static final String CONNECTION = "TandemDocumentDbConnection";

    private final CamelContext context;
    private final DocumentDbConnections connections;
    private final Map<String, MongoDbEndpoint> endpoints = new ConcurrentHashMap<>();

    public OperationEndpoints(CamelContext context, DocumentDbConnections connections) {
        this.context = context;
        this.connections = connections;
    }

    public Endpoint endpoint(@Header(CONNECTION) String connection) {
        MongoClient client = connections.client(Optional.of(connection));
        return endpoints.compute(connection, (name, endpoint) -> {
            MongoDbEndpoint chosen = endpoint == null ? create(name, client) : endpoint;
            chosen.setMongoConnection(client);
            return chosen;
        });
    }

    /** The failure the driver reported, in words a caller can act on, or the server fault it is. */
    public void refused(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception caught) {
        throw MongoCalls.translate(caught);
    }

    /**
     * Database and collection come from the headers on every call ({@code dynamicity}); the ones here only satisfy
     * the endpoint's checks. Results stay driver iterables ({@code MongoIterable}): the tool reads one page of them,
     * and camel-mongodb's own list output would run a find twice.
     */
    private MongoDbEndpoint create(String name, MongoClient client) {
        // a mutable map: getEndpoint takes out each option it applies
        Map<String, Object> options = new HashMap<>(Map.of("mongoConnection", client,
                "database", "admin", "collection", "tandem", "dynamicity", true,
                "operation", MongoDbOperation.findAll, "outputType", MongoDbOutputType.MongoIterable));
        Endpoint endpoint = context.getEndpoint("mongodb:documentdb-" + name, options);
        if (!(endpoint instanceof MongoDbEndpoint mongo)) {
            throw new IllegalStateException("mongodb: resolved to " + endpoint + ", not camel-mongodb");
        }
        return mongo;
    }
}
