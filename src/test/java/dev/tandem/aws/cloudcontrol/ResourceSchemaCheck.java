package dev.tandem.aws.cloudcontrol;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * A resource state checked against its type's CloudFormation schema, as Cloud Control checks a desired state: no
 * property the type does not have, every required one, each of the right type (JSON Schema draft 7, which the
 * resource schemas are written in).
 */
final class ResourceSchemaCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    /** What is wrong with {@code state} for {@code type} ({@code withRequired}: also missing required properties). */
    List<String> problems(String type, Map<String, Object> typeSchema, JsonNode state, boolean withRequired) {
        Schema schema = compiled.computeIfAbsent(type, t -> {
            ObjectNode copy = JSON.valueToTree(typeSchema);
            copy.remove("$schema"); // the resource provider meta-schema: plain draft 7 is what validates instances
            copy.remove("$id");
            return REGISTRY.getSchema(copy);
        });
        return schema.validate(state).stream()
                .filter(error -> withRequired || !"required".equals(error.getKeyword()))
                .map(error -> error.getInstanceLocation() + ": " + error.getMessage()).toList();
    }
}
