package dev.tandem.aws.documentdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.netty.channel.Channel;
import org.bson.Document;

/**
 * A MongoDB wire-protocol server in process standing in for DocumentDB, with sample collections read from
 * {@code ../shared/data/mongodb-samples/mongodb-json-files} into the database {@value #DATABASE}.
 */
public final class SampleDocumentDb implements AutoCloseable {

    public static final String DATABASE = "samples";
    public static final Path FILES = Path.of("../shared/data/mongodb-samples/mongodb-json-files");

    private final Map<String, Object> maxTimeMsByCommand = new ConcurrentHashMap<>();
    private volatile CountDownLatch findsHeld = new CountDownLatch(0);
    private final MongoServer server = new MongoServer(new MemoryBackend() {
        @Override
        public de.bwaldvogel.mongo.bson.Document handleCommand(Channel channel, String database, String command,
                de.bwaldvogel.mongo.bson.Document query) {
            maxTimeMsByCommand.put(command, query.getOrDefault("maxTimeMS", "absent"));
            if (command.equals("find")) {
                try {
                    findsHeld.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.handleCommand(channel, database, command, query);
        }
    });
    private final String uri;
    /** The test's own driver, so what a test expects never comes from the Tandem tools under test. */
    private final MongoClient driver;

    private SampleDocumentDb() {
        server.bind("127.0.0.1", 0);
        uri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
        driver = MongoClients.create(uri);
    }

    /** Loads each collection from {@code <name>.json} (one Extended JSON document a line). */
    public static SampleDocumentDb start(String... collections) {
        SampleDocumentDb db = new SampleDocumentDb();
        for (String collection : collections) {
            db.insert(collection, lines(collection).stream().filter(l -> !l.isBlank()).map(Document::parse).toList());
        }
        return db;
    }

    private static List<String> lines(String collection) {
        try {
            return Files.readAllLines(FILES.resolve(collection + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Holds every find on the server, as a slow query would, until the returned handle is closed (10 s at most). */
    public AutoCloseable holdFinds() {
        CountDownLatch held = new CountDownLatch(1);
        findsHeld = held;
        return held::countDown;
    }

    /** The {@code maxTimeMS} the last command of each name arrived with on the wire ("absent" when none). */
    public Map<String, Object> maxTimeMsByCommand() {
        return maxTimeMsByCommand;
    }

    public void insert(String collection, List<Document> documents) {
        driver.getDatabase(DATABASE).getCollection(collection).insertMany(documents);
    }

    /** The documents of a collection (0 when it does not exist), counted by the MongoDB driver itself. */
    public long count(String collection) {
        return driver.getDatabase(DATABASE).getCollection(collection).countDocuments();
    }

    public long count(String collection, Document filter) {
        return driver.getDatabase(DATABASE).getCollection(collection).countDocuments(filter);
    }

    /** The collections of {@value #DATABASE}, listed by the MongoDB driver itself. */
    public List<String> collections() {
        return driver.getDatabase(DATABASE).listCollectionNames().into(new java.util.ArrayList<>());
    }

    public String uri() {
        return uri;
    }

    @Override
    public void close() {
        driver.close();
        server.shutdownNow();
    }
}
