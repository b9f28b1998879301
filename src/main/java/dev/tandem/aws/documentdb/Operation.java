package dev.tandem.aws.documentdb;

import java.util.Optional;

import org.apache.camel.Message;
import org.apache.camel.component.mongodb.MongoDbConstants;
import org.apache.camel.component.mongodb.MongoDbOperation;

/** Puts a camel-mongodb operation on a message: which operation, on which connection, database and collection. */
final class Operation {

    private Operation() {
    }

    static void on(Message message, DocumentDbConnections connections, Target target, MongoDbOperation operation) {
        onDatabase(message, connections, target.connection(), target.database(), operation);
        message.setHeader(MongoDbConstants.COLLECTION, target.collection());
    }

    static void onDatabase(Message message, DocumentDbConnections connections, Optional<String> connection,
            String database, MongoDbOperation operation) {
        message.setHeader(OperationEndpoints.CONNECTION, connections.resolve(connection));
        message.setHeader(MongoDbConstants.DATABASE, database);
        message.setHeader(MongoDbConstants.OPERATION_HEADER, operation);
    }
}
