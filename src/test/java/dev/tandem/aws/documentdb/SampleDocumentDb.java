package dev.tandem.aws.documentdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;

/**
 * A MongoDB wire-protocol server in process standing in for DocumentDB, with sample collections read from
 * {@code ../shared/data/mongodb-samples/mongodb-json-files} into the database {@value #DATABASE}.
 */
public final class SampleDocumentDb implements AutoCloseable {

    public static final String DATABASE = "samples";
    public static final Path FILES = Path.of("../shared/data/mongodb-samples/mongodb-json-files");

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final String uri;

    private SampleDocumentDb() {
        server.bind("127.0.0.1", 0);
        uri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
    }

    /** Loads each collection from {@code <name>.json} (one Extended JSON document a line). */
    public static SampleDocumentDb start(String... collections) {
        SampleDocumentDb db = new SampleDocumentDb();
        try (MongoClient client = MongoClients.create(db.uri)) {
            for (String collection : collections) {
                List<Document> documents = lines(collection).stream().filter(l -> !l.isBlank())
                        .map(Document::parse).toList();
                client.getDatabase(DATABASE).getCollection(collection).insertMany(documents);
            }
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

    public String uri() {
        return uri;
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
