package dev.tandem.llm.backend.bedrock;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.SdkNumber;
import software.amazon.awssdk.core.document.Document;

/** JSON to the AWS SDK's {@link Document} (tool schemas, tool inputs) and back, value for value. */
final class Documents {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Documents() {
    }

    static Document of(JsonNode json) {
        if (json.isObject()) {
            Map<String, Document> map = new LinkedHashMap<>();
            json.properties().forEach(field -> map.put(field.getKey(), of(field.getValue())));
            return Document.fromMap(map);
        }
        if (json.isArray()) {
            List<Document> list = new ArrayList<>();
            json.forEach(item -> list.add(of(item)));
            return Document.fromList(list);
        }
        if (json.isTextual()) {
            return Document.fromString(json.asText());
        }
        if (json.isBoolean()) {
            return Document.fromBoolean(json.asBoolean());
        }
        if (json.isIntegralNumber()) {
            return Document.fromNumber(SdkNumber.fromBigInteger(json.bigIntegerValue()));
        }
        if (json.isNumber()) {
            return Document.fromNumber(SdkNumber.fromBigDecimal(json.decimalValue()));
        }
        return Document.fromNull();
    }

    static JsonNode json(Document document) {
        if (document == null || document.isNull()) {
            return NODES.nullNode();
        }
        if (document.isMap()) {
            ObjectNode object = NODES.objectNode();
            document.asMap().forEach((key, value) -> object.set(key, json(value)));
            return object;
        }
        if (document.isList()) {
            ArrayNode array = NODES.arrayNode();
            document.asList().forEach(item -> array.add(json(item)));
            return array;
        }
        if (document.isString()) {
            return NODES.textNode(document.asString());
        }
        if (document.isBoolean()) {
            return NODES.booleanNode(document.asBoolean());
        }
        return NODES.numberNode(document.asNumber().bigDecimalValue());
    }
}
