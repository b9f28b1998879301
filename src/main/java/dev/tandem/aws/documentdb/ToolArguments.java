package dev.tandem.aws.documentdb;

import java.util.List;
import java.util.Map;

import dev.tandem.tool.ToolArgumentReader;
import dev.tandem.tool.ToolException;
import org.bson.Document;

/** A DocumentDB tool call's arguments: the generic checks plus BSON documents and the collection worked on. */
final class ToolArguments extends ToolArgumentReader {

    ToolArguments(Map<String, Object> values) {
        super(values);
    }

    /** An optional JSON object; absent is the empty document. */
    Document document(String name) {
        Object value = raw(name);
        return value == null ? new Document() : ExtendedJson.document(name, value);
    }

    List<Document> documents(String name) {
        Object value = raw(name);
        if (value == null) {
            throw new ToolException("'" + name + "' is required.");
        }
        return ExtendedJson.documents(name, value);
    }

    /** The collection a tool works on: connection (optional when there is only one), database, collection. */
    Target target() {
        return new Target(optionalText("connection"), text("database"), text("collection"));
    }
}
