package dev.tandem.json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
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
 * the caller learns when it builds the text's tree (once per distinct text). An array kept lately is found again by
 * its bytes ({@link RepeatedArrays}), and comes back as the same text.
 */
public final class RawFields {

    private static final byte[] EMPTY_ARRAY = {'[', ']'};
    /** Agents send few distinct tool lists: a ninth takes the place of the one kept longest. */
    private static final RepeatedArrays REPEATED = new RepeatedArrays(8);

    /** The array's bytes [start, end) in the body, and its text. */
    private record Kept(int start, int end, String text) {
    }

    private RawFields() {
    }

    /** The body as {@code json.readTree} reads it, except that the root's field {@code name}, an array, stays text. */
    public static JsonNode read(ObjectMapper json, byte[] body, String name) throws IOException {
        Kept kept = keptArray(body, ('"' + name + '"').getBytes(StandardCharsets.UTF_8));
        if (kept == null) {
            return json.readTree(body);
        }
        byte[] rest = new byte[body.length - (kept.end() - kept.start()) + EMPTY_ARRAY.length];
        System.arraycopy(body, 0, rest, 0, kept.start());
        System.arraycopy(EMPTY_ARRAY, 0, rest, kept.start(), EMPTY_ARRAY.length);
        System.arraycopy(body, kept.end(), rest, kept.start() + EMPTY_ARRAY.length, body.length - kept.end());
        try (JsonParser parser = json.createParser(rest)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return json.readTree(body);
            }
            ObjectNode object = json.createObjectNode();
            JsonNode keptNode = object.pojoNode(new RawValue(kept.text()));
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                boolean placeholder = field.equals(name)
                        && parser.currentTokenLocation().getByteOffset() == kept.start();
                object.set(field, placeholder ? keptNode : json.readTree(parser));
                if (placeholder) {
                    parser.skipChildren();
                }
            }
            if (object.get(name) != keptNode) {
                json.readTree(kept.text()); // a later field of the same name won: the text is never read, so check it
            }
            return object;
        } catch (JsonProcessingException notJson) {
            json.readTree(body); // so that the error says where it is in the body sent, not in the copy read here
            throw notJson;
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
     * The array that the root object's first field {@code quotedName} holds, its bytes [start, end) found by strings
     * and brackets alone; null when there is none (or the body ends inside it).
     */
    private static Kept keptArray(byte[] body, byte[] quotedName) {
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
                            return arrayAt(body, value);
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

    /** The array opened at {@code open}, found among the repeated ones or else scanned for its end. */
    private static Kept arrayAt(byte[] body, int open) {
        RepeatedArrays.Known known = REPEATED.at(body, open);
        if (known != null) {
            return new Kept(open, open + known.bytes().length, known.text());
        }
        int end = arrayEnd(body, open);
        if (end < 0) {
            return null;
        }
        String text = new String(body, open, end - open, StandardCharsets.UTF_8);
        REPEATED.remember(body, open, end, text);
        return new Kept(open, end, text);
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
