package dev.tandem.json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;

/**
 * Reads a JSON object keeping some of its array fields as the text they came in (a {@link POJONode} holding a
 * {@link RawValue}, which writes back as that text): a field an agent sends alike with every request, such as its
 * {@code tools}, is then known by its text, and its tree is built only the first time the text is seen. Building
 * twenty tool schemas into a tree, then hashing and comparing the tree to find the list already checked, was most of
 * what tools added to the cost of a request.
 */
public final class RawFields {

    private RawFields() {
    }

    /** The body as {@code json.readTree} reads it, except that the named fields, where arrays, stay text. */
    public static JsonNode read(ObjectMapper json, byte[] body, Set<String> keptAsText) throws IOException {
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return json.readTree(body); // not an object: what the reader makes of it (or its error)
            }
            ObjectNode object = json.createObjectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                boolean keep = keptAsText.contains(name) && parser.currentToken() == JsonToken.START_ARRAY
                        && parser.currentTokenLocation().getByteOffset() >= 0; // -1: not UTF-8, read as chars
                object.set(name, keep ? text(object, body, parser) : json.readTree(parser));
            }
            return object;
        }
    }

    /**
     * The text a field came in when {@link #read} kept it, or else the field written as JSON: the same text whenever
     * the same value is sent alike.
     */
    public static String text(JsonNode field) {
        return field instanceof POJONode kept && kept.getPojo() instanceof RawValue raw ? raw.rawValue().toString()
                : field.toString();
    }

    /** Whether {@link #read} kept this field as text (its tree is then {@code json.readTree(text(field))}). */
    public static boolean kept(JsonNode field) {
        return field instanceof POJONode kept && kept.getPojo() instanceof RawValue;
    }

    /** The array at the parser, skipped (the parser checks its syntax) and kept as the bytes it spans. */
    private static JsonNode text(ObjectNode object, byte[] body, JsonParser parser) throws IOException {
        int start = (int) parser.currentTokenLocation().getByteOffset();
        parser.skipChildren();
        int end = (int) parser.currentLocation().getByteOffset();
        return object.pojoNode(new RawValue(new String(body, start, end - start, StandardCharsets.UTF_8)));
    }
}
