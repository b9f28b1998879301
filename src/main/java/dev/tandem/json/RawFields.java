package dev.tandem.json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;

/**
 * Reads a JSON object keeping one array field as the text it came in (a {@link POJONode} holding a {@link RawValue},
 * which writes back as that text): a field an agent sends alike with every request, such as its {@code tools}, is
 * then known by its text, and its tree is built only the first time the text is seen. Building twenty tool schemas
 * into a tree, then hashing and comparing the tree to find the list already checked, was most of what tools added to
 * the cost of a request; so was letting the JSON parser skip them, since it reads every name it skips.
 * <p>
 * The array's bytes are found by a scan that knows only strings and brackets, and the parser reads the rest of the
 * body with {@code []} in their place: the body is valid JSON exactly when that rest is and the kept text is, which
 * the caller learns when it builds the text's tree (once per distinct text).
 */
public final class RawFields {

    private static final byte[] EMPTY_ARRAY = {'[', ']'};

    private RawFields() {
    }

    /** The body as {@code json.readTree} reads it, except that the root's field {@code name}, an array, stays text. */
    public static JsonNode read(ObjectMapper json, byte[] body, String name) throws IOException {
        int[] span = arraySpan(body, ('"' + name + '"').getBytes(StandardCharsets.UTF_8));
        if (span == null) {
            return json.readTree(body);
        }
        String kept = new String(body, span[0], span[1] - span[0], StandardCharsets.UTF_8);
        byte[] rest = new byte[body.length - (span[1] - span[0]) + EMPTY_ARRAY.length];
        System.arraycopy(body, 0, rest, 0, span[0]);
        System.arraycopy(EMPTY_ARRAY, 0, rest, span[0], EMPTY_ARRAY.length);
        System.arraycopy(body, span[1], rest, span[0] + EMPTY_ARRAY.length, body.length - span[1]);
        try (JsonParser parser = json.createParser(rest)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return json.readTree(body);
            }
            ObjectNode object = json.createObjectNode();
            JsonNode keptNode = object.pojoNode(new RawValue(kept));
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                boolean placeholder = field.equals(name) && parser.currentTokenLocation().getByteOffset() == span[0];
                object.set(field, placeholder ? keptNode : json.readTree(parser));
                if (placeholder) {
                    parser.skipChildren();
                }
            }
            if (object.get(name) != keptNode) {
                json.readTree(kept); // a later field of the same name won: the text is never read, so check it now
            }
            return object;
        }
    }

    /**
     * The text a field came in when {@link #read} kept it, or else the field written as JSON: the same text whenever
     * the same value is sent alike.
     */
    public static String text(JsonNode field) {
        return kept(field) ? ((RawValue) ((POJONode) field).getPojo()).rawValue().toString() : field.toString();
    }

    /** Whether {@link #read} kept this field as text (its tree is then {@code json.readTree(text(field))}). */
    public static boolean kept(JsonNode field) {
        return field instanceof POJONode node && node.getPojo() instanceof RawValue;
    }

    /**
     * The bytes [start, end) of the array that the root object's first field {@code quotedName} holds, found by
     * strings and brackets alone; null when there is none (or the body ends inside it).
     */
    private static int[] arraySpan(byte[] body, byte[] quotedName) {
        int depth = 0;
        for (int i = 0; i < body.length; i++) {
            switch (body[i]) {
                case '"' -> {
                    int start = i;
                    i = stringEnd(body, i);
                    if (i < 0) {
                        return null;
                    }
                    if (depth == 1 && Arrays.equals(body, start, i + 1, quotedName, 0, quotedName.length)) {
                        int colon = skipWhitespace(body, i + 1);
                        int value = colon < body.length && body[colon] == ':' ? skipWhitespace(body, colon + 1) : -1;
                        if (value >= 0 && value < body.length && body[value] == '[') {
                            int end = arrayEnd(body, value);
                            return end < 0 ? null : new int[] {value, end};
                        }
                    }
                }
                case '{', '[' -> depth++;
                case '}', ']' -> depth--;
                default -> {
                }
            }
        }
        return null;
    }

    /** The index after the bracket that closes the one at {@code open}; -1 when the body ends first. */
    private static int arrayEnd(byte[] body, int open) {
        int depth = 0;
        for (int i = open; i < body.length; i++) {
            switch (body[i]) {
                case '"' -> {
                    i = stringEnd(body, i);
                    if (i < 0) {
                        return -1;
                    }
                }
                case '{', '[' -> depth++;
                case '}', ']' -> {
                    if (--depth == 0) {
                        return i + 1;
                    }
                }
                default -> {
                }
            }
        }
        return -1;
    }

    /** The index of the quote that ends the string opened at {@code quote}; -1 when the body ends first. */
    private static int stringEnd(byte[] body, int quote) {
        for (int i = quote + 1; i < body.length; i++) {
            if (body[i] == '\\') {
                i++;
            } else if (body[i] == '"') {
                return i;
            }
        }
        return -1;
    }

    private static int skipWhitespace(byte[] body, int from) {
        int i = from;
        while (i < body.length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\n' || body[i] == '\r')) {
            i++;
        }
        return i;
    }
}
