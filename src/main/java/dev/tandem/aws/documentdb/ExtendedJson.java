package dev.tandem.aws.documentdb;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.tool.ToolException;
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
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * Arguments to BSON and documents back to JSON. Arguments may be JSON objects or strings of MongoDB Extended JSON
 * ({@code {"$oid": ...}}, {@code {"$date": ...}} work in both); results are relaxed Extended JSON.
 */
final class ExtendedJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonWriterSettings CANONICAL = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED)
            .build();
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();
    private static final DocumentCodec CODEC = new DocumentCodec();
    /** Relaxed Extended JSON writes dates from 1970 to 9999 as ISO-8601 text, the others as milliseconds. */
    private static final long LAST_ISO_DATE = 253_402_300_799_999L;
    private static final DateTimeFormatter ISO_DATE = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.UTC);

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

    /**
     * A document as the JSON tree clients read: relaxed Extended JSON. The common types are mapped directly, which
     * is several times faster than writing the driver's JSON text and parsing it back; the rare ones (binary,
     * regular expressions, timestamps, code, min/max keys) still go through the driver's writer, so every type
     * reads exactly as the driver writes it.
     */
    static Map<String, Object> toMap(Document document) {
        Map<String, Object> map = new LinkedHashMap<>((int) (document.size() / 0.75f) + 1);
        document.forEach((key, value) -> map.put(key, relaxed(value)));
        return map;
    }

    static Object relaxed(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long) {
            return value;
        }
        if (value instanceof Double number) {
            return Double.isFinite(number) ? number : Map.of("$numberDouble", nonFinite(number));
        }
        if (value instanceof Document document) {
            return toMap(document);
        }
        if (value instanceof List<?> list) {
            List<Object> items = new ArrayList<>(list.size());
            list.forEach(item -> items.add(relaxed(item)));
            return items;
        }
        if (value instanceof ObjectId id) {
            return Map.of("$oid", id.toHexString());
        }
        if (value instanceof Date date && date.getTime() >= 0 && date.getTime() <= LAST_ISO_DATE) {
            return Map.of("$date", ISO_DATE.format(date.toInstant()));
        }
        if (value instanceof Decimal128 decimal) {
            return Map.of("$numberDecimal", decimal.toString());
        }
        return viaDriver(value);
    }

    @SuppressWarnings("unchecked")
    private static Object viaDriver(Object value) {
        try {
            return JSON.readValue(new Document("v", value).toJson(RELAXED), Map.class).get("v");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Extended JSON the driver wrote could not be read back", e);
        }
    }

    private static String nonFinite(double number) {
        return Double.isNaN(number) ? "NaN" : number > 0 ? "Infinity" : "-Infinity";
    }

    static String canonical(Document document) {
        return document.toJson(CANONICAL);
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
