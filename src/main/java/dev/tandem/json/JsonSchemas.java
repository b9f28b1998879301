package dev.tandem.json;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;

/**
 * JSON Schema checks (draft 2020-12, networknt) for every feature: the schemas callers send with tools and
 * {@code response_format}, compiled once per distinct schema, since agents send the same tools with every request,
 * and only ever from the request itself, never fetched from a URL the request names; and the schemas of tools, whose
 * compiled check the tool's owner keeps.
 */
public final class JsonSchemas {

    private static final int CACHED = 512;
    private static final Set<String> DIALECTS = Set.of("https://json-schema.org/draft/2020-12/schema",
            "http://json-schema.org/draft-07/schema#", "http://json-schema.org/draft-07/schema");
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(Dialects.getDraft202012());
    private static final BoundedCache<JsonNode, Schema> COMPILED = new BoundedCache<>(CACHED);
    /** Shared tool schemas by identity: hashing and comparing a schema's content per call cost more than the check. */
    private static final BoundedCache<SameInstance<JsonNode>, Schema> BY_IDENTITY = new BoundedCache<>(CACHED);

    private JsonSchemas() {
    }

    /** Why {@code schema} cannot be used, in the caller's terms; empty when it compiles. */
    public static Optional<String> problem(JsonNode schema) {
        if (!schema.isObject()) {
            return Optional.of("must be a JSON Schema object");
        }
        Optional<String> remote = remoteReference(schema);
        if (remote.isPresent()) {
            return remote;
        }
        try {
            compiled(schema);
            return Optional.empty();
        } catch (SchemaException | IllegalArgumentException | IllegalStateException | ClassCastException e) {
            return Optional.of("is not a usable JSON Schema");
        }
    }

    /** What makes {@code value} invalid against {@code schema} (a schema {@link #problem} accepted). */
    public static List<String> violations(JsonNode schema, JsonNode value) {
        return violations(compiled(schema), value);
    }

    /**
     * As {@link #violations(JsonNode, JsonNode)}, for a schema that is kept and never changed (the tools' schemas the
     * request reader shares): its compiled check is found by identity.
     */
    public static List<String> violationsOfShared(JsonNode schema, JsonNode value) {
        return violations(BY_IDENTITY.get(new SameInstance<>(schema), same -> same, same -> compiled(same.value())),
                value);
    }

    /** The check of values against {@code schema}, compiled now for a caller that keeps it: what makes one invalid. */
    public static Function<JsonNode, List<String>> check(JsonNode schema) {
        Schema compiled = compile(schema);
        return value -> violations(compiled, value);
    }

    private static Schema compiled(JsonNode schema) {
        return COMPILED.get(schema, JsonNode::deepCopy, JsonSchemas::compile);
    }

    private static List<String> violations(Schema schema, JsonNode value) {
        return schema.validate(value).stream().map(e -> {
            String where = e.getInstanceLocation().toString();
            return where.isEmpty() ? e.getMessage() : where + ": " + e.getMessage(); // the value itself: no location
        }).toList();
    }

    private static Schema compile(JsonNode schema) {
        Schema fresh = REGISTRY.getSchema(schema);
        fresh.initializeValidators(); // resolve every keyword now, so a bad schema fails here and not mid-answer
        return fresh;
    }

    /** Only references inside the schema itself ({@code #...}) are followed: nothing is fetched for a caller. */
    private static Optional<String> remoteReference(JsonNode node) {
        if (node.isObject()) {
            for (var field : node.properties()) {
                String name = field.getKey();
                JsonNode value = field.getValue();
                if (("$ref".equals(name) || "$dynamicRef".equals(name)) && value.isTextual()
                        && !value.asText().startsWith("#")) {
                    return Optional.of("refers to '" + value.asText() + "'; only references within the schema (#...)"
                            + " are followed");
                }
                if ("$schema".equals(name) && value.isTextual() && !DIALECTS.contains(value.asText())) {
                    return Optional.of("names the dialect '" + value.asText() + "'; draft 2020-12 and draft-07 are"
                            + " supported");
                }
                Optional<String> inner = remoteReference(value);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                Optional<String> inner = remoteReference(item);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.empty();
    }
}
