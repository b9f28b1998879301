package dev.tandem.aws.documentdb;

import java.util.concurrent.atomic.AtomicInteger;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;

/**
 * A DocumentDB stand-in on 127.0.0.1 that speaks the wire protocol and refuses every login the way a server does a
 * wrong password: the SASL handshake ({@code saslStart}) answers error 18, AuthenticationFailed.
 */
public final class RefusingDocumentDb implements AutoCloseable {

    private static final int AUTHENTICATION_FAILED = 18;

    private final AtomicInteger refusedLogins = new AtomicInteger();
    private final MongoServer server = new MongoServer(new MemoryBackend() {
        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            if (command.equalsIgnoreCase("saslStart") || command.equalsIgnoreCase("authenticate")) {
                refusedLogins.incrementAndGet();
                throw new MongoServerError(AUTHENTICATION_FAILED, "AuthenticationFailed", "Authentication failed.");
            }
            return super.handleCommand(channel, database, command, query);
        }
    });

    public RefusingDocumentDb() {
        server.bind("127.0.0.1", 0);
    }

    /** A URI to this server with the given credentials, which it will refuse. */
    public String uri(String user, String password) {
        return "mongodb://" + user + ":" + password + "@127.0.0.1:" + server.getLocalAddress().getPort() + "/";
    }

    public int refusedLogins() {
        return refusedLogins.get();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
