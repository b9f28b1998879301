package dev.tandem.aws.documentdb;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.mcp.ToolException;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.BsonInvalidOperationException;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;
import org.bson.json.JsonMode;
import org.bson.json.JsonParseException;
import org.bson.json.JsonWriterSettings;

/**
 * Arguments to BSON and documents back to JSON. Arguments may be JSON objects or strings of MongoDB Extended JSON
 * ({@code {"$oid": ...}}, {@code {"$date": ...}} work in both); results are relaxed Extended JSON.
 */
final class ExtendedJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();
    private static final DocumentCodec CODEC = new DocumentCodec();

    private ExtendedJson() {
    }

    static Document document(String argument, Object value) {
        String json = json(argument, value);
        try {
            return Document.parse(json);
        } catch (JsonParseException | BsonInvalidOperationException e) {
            throw new ToolException("'" + argument + "' is not a valid JSON object: " + e.getMessage());
        }
    }

    static List<Document> documents(String argument, Object value) {
        String json = json(argument, value);
        try {
            return BsonArray.parse(json).stream().map(element -> {
                if (!element.isDocument()) {
                    throw new ToolException("'" + argument + "' must be an array of JSON objects.");
                }
                return fromBson(element.asDocument());
            }).toList();
        } catch (JsonParseException | BsonInvalidOperationException e) {
            throw new ToolException("'" + argument + "' is not a valid JSON array: " + e.getMessage());
        }
    }

    /** A document as the JSON tree clients read: relaxed Extended JSON. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> toMap(Document document) {
        try {
            return JSON.readValue(document.toJson(RELAXED), Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Extended JSON the driver wrote could not be read back", e);
        }
    }

    static String canonical(Document document) {
        return document.toJson(JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build());
    }

    private static Document fromBson(BsonDocument document) {
        return CODEC.decode(new BsonDocumentReader(document), DecoderContext.builder().build());
    }

    private static String json(String argument, Object value) {
        if (value instanceof String text) {
            return text;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new ToolException("'" + argument + "' cannot be read as JSON: " + e.getOriginalMessage());
        }
    }
}
