package dev.tandem.llm.emulator;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request body read whole, except the inside of each tool's {@code function.parameters} object, which the parser
 * steps over: the emulator still sees each tool's type, name and description, and whether its schema is an object
 * (a skimmed schema is {@code {}}; one that is not an object is kept as it came, so the wire check still flags it).
 */
final class ToolSchemaSkimmer {

    private ToolSchemaSkimmer() {
    }

    /** The body as a tree, tool schemas skimmed; a missing node when it is empty or not a JSON object. */
    static JsonNode parse(byte[] body) {
        try (JsonParser parser = EmulatorServer.JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return body.length == 0 ? MissingNode.getInstance() : EmulatorServer.JSON.readTree(body);
            }
            ObjectNode root = EmulatorServer.JSON.createObjectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                root.set(name, "tools".equals(name) && parser.currentToken() == JsonToken.START_ARRAY ? tools(parser)
                        : EmulatorServer.JSON.readTree(parser));
            }
            return root;
        } catch (IOException notJson) {
            return MissingNode.getInstance();
        }
    }

    private static ArrayNode tools(JsonParser parser) throws IOException {
        ArrayNode tools = EmulatorServer.JSON.createArrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            tools.add(parser.currentToken() == JsonToken.START_OBJECT ? fields(parser, "function")
                    : EmulatorServer.JSON.readTree(parser));
        }
        return tools;
    }

    /** An object whose field {@code descend} (when an object) is read the same way, one level down. */
    private static ObjectNode fields(JsonParser parser, String descend) throws IOException {
        ObjectNode object = EmulatorServer.JSON.createObjectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals(descend) && value == JsonToken.START_OBJECT) {
                object.set(name, "function".equals(descend) ? fields(parser, "parameters") : skimmed(parser));
            } else {
                object.set(name, EmulatorServer.JSON.readTree(parser));
            }
        }
        return object;
    }

    private static ObjectNode skimmed(JsonParser parser) throws IOException {
        parser.skipChildren();
        return EmulatorServer.JSON.createObjectNode();
    }
}
