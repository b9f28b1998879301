package dev.tandem.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.tandem.tool.ToolException;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code ingest_file} tool: one file, read where it is (inside an allowed root, never beyond it), through the
 * same {@code direct:ingest-document} pipeline as the watched folders; the file is not moved.
 */
public final class IngestTools {

    private static final Logger LOG = LoggerFactory.getLogger(IngestTools.class);

    private final ProducerTemplate producer;
    private final List<Path> roots;

    public IngestTools(ProducerTemplate producer, List<Path> roots) {
        this.producer = producer;
        // each root as written and as the disk resolves it: a path is checked before and after links are followed
        this.roots = roots.stream().flatMap(root -> Stream.of(root.toAbsolutePath().normalize(), real(root)))
                .distinct().toList();
    }

    public Map<String, Object> ingest(@Body Map<String, Object> arguments) throws IOException {
        Path file = allowed((String) arguments.get("path"));
        long size = Files.size(file);
        Exchange result = producer.send("direct:ingest-document", exchange -> {
            // read by the pipeline, once the size is found within the limit
            exchange.getMessage().setBody(file.toFile());
            exchange.getMessage().setHeader(IngestHeaders.SIZE, size);
            exchange.getMessage().setHeader(IngestHeaders.SOURCE, file.toString());
            exchange.getMessage().setHeader(IngestHeaders.NAME, file.getFileName().toString());
            exchange.getMessage().setHeader(IngestHeaders.MODIFIED, Files.getLastModifiedTime(file).toMillis());
        });
        if (result.getException() != null) {
            LOG.warn("Could not index {} now", file, result.getException());
            throw new ToolException(503, "Could not index " + file + " now: Elasticsearch cannot take it. Nothing was"
                    + " lost; try again when Elasticsearch is back.");
        }
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("path", file.toString());
        if (IngestProperties.FAILED.equals(result.getProperty(IngestProperties.OUTCOME))) {
            Throwable reason = result.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            outcome.put("outcome", "rejected");
            outcome.put("reason", reason == null ? "unknown" : reason.getMessage());
            return outcome;
        }
        List<?> chunks = result.getProperty(IngestProperties.VECTOR_DOCUMENTS, List.class);
        outcome.put("outcome", chunks == null ? "unchanged" : "indexed");
        outcome.put("chunks", chunks == null ? 0 : chunks.size());
        return outcome;
    }

    /**
     * The file, when it is inside a root. Anything outside gets the same refusal whether or not it exists, so the tool
     * cannot be used to probe the disk; only inside the roots does a missing file get 404.
     */
    private Path allowed(String path) throws IOException {
        Path candidate;
        try {
            candidate = Path.of(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new ToolException(400, "'path' holds a character no file name may hold (such as NUL).");
        }
        if (!inside(candidate) || (Files.isSymbolicLink(candidate) && !inside(candidate.getParent()
                .resolve(Files.readSymbolicLink(candidate)).normalize()))) {
            throw outside(path);
        }
        if (!Files.isRegularFile(candidate)) {
            if (!inside(deepestExisting(candidate).toRealPath())) {
                throw outside(path);
            }
            throw new ToolException(404, "No file at '" + path + "'.");
        }
        Path real = candidate.toRealPath();
        if (!inside(real)) {
            throw outside(path);
        }
        return real;
    }

    private boolean inside(Path path) {
        return roots.stream().anyMatch(path::startsWith);
    }

    private ToolException outside(String path) {
        return new ToolException(403, "'" + path + "' is outside the folders ingest_file may read; set"
                + " TANDEM_MCP_INGEST_ROOTS to allow more.");
    }

    /** The path itself or its nearest ancestor that exists: a folder on the way may be a link to elsewhere. */
    private static Path deepestExisting(Path path) {
        Path existing = path;
        while (existing.getParent() != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing;
    }

    private static Path real(Path root) {
        try {
            return root.toAbsolutePath().normalize().toRealPath();
        } catch (IOException e) {
            return root.toAbsolutePath().normalize();
        }
    }
}
