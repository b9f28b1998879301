package dev.tandem.aws.cloudcontrol;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * RFC 6902 JSON Patch applied the way Cloud Control applies a patch document: every path is a JSON pointer (RFC
 * 6901) into the nested state, whose parent must exist; an operation that does not fit fails the whole patch.
 */
final class JsonPatch {

    private JsonPatch() {
    }

    /** The state after the patch (the given state is changed in place); throws with the reason when it cannot apply. */
    static ObjectNode apply(ObjectNode state, JsonNode patch) {
        if (!patch.isArray()) {
            throw new IllegalArgumentException("the patch document is not a JSON array");
        }
        for (int i = 0; i < patch.size(); i++) {
            JsonNode op = patch.get(i);
            try {
                applyOne(state, op);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("operation #" + i + " " + op + ": " + e.getMessage());
            }
        }
        return state;
    }

    private static void applyOne(ObjectNode state, JsonNode op) {
        JsonPointer path = pointer(op, "path");
        switch (op.path("op").asText()) {
            case "add" -> add(state, path, value(op));
            case "remove" -> remove(state, path);
            case "replace" -> {
                remove(state, path);
                add(state, path, value(op));
            }
            case "move" -> {
                JsonPointer from = pointer(op, "from");
                JsonNode moved = existing(state, from);
                remove(state, from);
                add(state, path, moved);
            }
            case "copy" -> add(state, path, existing(state, pointer(op, "from")).deepCopy());
            case "test" -> {
                if (!existing(state, path).equals(value(op))) {
                    throw new IllegalArgumentException("the test failed");
                }
            }
            default -> throw new IllegalArgumentException("unknown op '" + op.path("op").asText() + "'");
        }
    }

    private static JsonPointer pointer(JsonNode op, String field) {
        String text = op.path(field).asText(null);
        if (text == null || !text.startsWith("/")) {
            throw new IllegalArgumentException("'" + field + "' must be a JSON pointer such as /Property/Nested");
        }
        return JsonPointer.compile(text);
    }

    private static JsonNode value(JsonNode op) {
        if (!op.has("value")) {
            throw new IllegalArgumentException("no value");
        }
        return op.get("value");
    }

    private static JsonNode existing(JsonNode state, JsonPointer path) {
        JsonNode node = state.at(path);
        if (node.isMissingNode()) {
            throw new IllegalArgumentException(path + " does not exist");
        }
        return node;
    }

    private static void add(ObjectNode state, JsonPointer path, JsonNode value) {
        JsonNode parent = existing(state, path.head());
        String last = path.last().getMatchingProperty();
        if (parent instanceof ObjectNode object) {
            object.set(last, value);
        } else if (parent instanceof ArrayNode array) {
            int index = "-".equals(last) ? array.size() : index(last, array.size());
            array.insert(index, value);
        } else {
            throw new IllegalArgumentException(path.head() + " is neither an object nor an array");
        }
    }

    private static void remove(ObjectNode state, JsonPointer path) {
        existing(state, path);
        JsonNode parent = state.at(path.head());
        String last = path.last().getMatchingProperty();
        if (parent instanceof ObjectNode object) {
            object.remove(last);
        } else {
            ((ArrayNode) parent).remove(index(last, parent.size() - 1));
        }
    }

    private static int index(String segment, int max) {
        try {
            int index = Integer.parseInt(segment);
            if (index < 0 || index > max) {
                throw new IllegalArgumentException("index " + index + " is out of bounds");
            }
            return index;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + segment + "' is not an array index");
        }
    }
}
