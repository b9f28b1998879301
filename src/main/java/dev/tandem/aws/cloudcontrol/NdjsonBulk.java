package dev.tandem.aws.cloudcontrol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;

/**
 * One bulk of index operations, written as NDJSON straight from the documents and sent through the low-level
 * client; the response is cut down to errors, so neither side builds or parses a thousand per-item results.
 */
final class NdjsonBulk {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ContentType NDJSON = ContentType.create("application/x-ndjson");

    private final String index;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);

    NdjsonBulk(String index) {
        this.index = index;
    }

    void index(String id, Map<String, Object> document) throws IOException {
        body.write(MAPPER.writeValueAsBytes(Map.of("index", Map.of("_id", id))));
        body.write('\n');
        body.write(MAPPER.writeValueAsBytes(document));
        body.write('\n');
    }

    /** Sends the operations; fails with the first refused document's reason. */
    void send(RestClient client) throws IOException {
        Request request = new Request("POST", "/" + index + "/_bulk");
        request.addParameter("filter_path", "errors,items.*.error");
        request.setEntity(new ByteArrayEntity(body.toByteArray(), NDJSON));
        JsonNode result;
        try (InputStream in = client.performRequest(request).getEntity().getContent()) {
            result = MAPPER.readTree(in);
        }
        if (result.path("errors").asBoolean()) {
            throw new IllegalStateException("Elasticsearch refused inventory documents: "
                    + result.findPath("reason").asText("?"));
        }
    }
}
