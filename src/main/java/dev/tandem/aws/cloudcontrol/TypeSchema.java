package dev.tandem.aws.cloudcontrol;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** A resource type's CloudFormation schema, with the parts the tools need read out of it. */
record TypeSchema(String typeName, String provisioningType, Map<String, Object> schema) {

    @SuppressWarnings("unchecked")
    Map<String, Object> properties() {
        return (Map<String, Object>) schema.getOrDefault("properties", Map.of());
    }

    /** A property's definition, following a local {@code $ref} into {@code definitions}. */
    @SuppressWarnings("unchecked")
    Object definition(String property) {
        Object definition = properties().get(property);
        if (definition instanceof Map<?, ?> d && d.get("$ref") instanceof String ref
                && ref.startsWith("#/definitions/") && schema.get("definitions") instanceof Map<?, ?> definitions) {
            return ((Map<String, Object>) definitions).get(ref.substring("#/definitions/".length()));
        }
        return definition;
    }

    /** Top-level property names of {@code readOnlyProperties} ("/properties/Arn" → "Arn"). */
    Set<String> readOnly() {
        return topLevel("readOnlyProperties");
    }

    Set<String> createOnly() {
        return topLevel("createOnlyProperties");
    }

    /** The property that holds tags when the type is taggable ({@code tagging.tagProperty}, else Tags). */
    String tagProperty() {
        Object tagging = schema.get("tagging");
        if (tagging instanceof Map<?, ?> t) {
            if (Boolean.FALSE.equals(t.get("taggable"))) {
                return null;
            }
            Object declared = t.get("tagProperty");
            if (declared instanceof String path) {
                return path.substring(path.lastIndexOf('/') + 1);
            }
        }
        return properties().containsKey("Tags") ? "Tags" : null;
    }

    /** Tags as a key-value object (SSM Parameter) rather than a list of {Key, Value}. */
    boolean tagsAsObject(String tagProperty) {
        Object definition = properties().get(tagProperty);
        return definition instanceof Map<?, ?> d && "object".equals(d.get("type"));
    }

    @SuppressWarnings("unchecked")
    List<String> handlers() {
        Object handlers = schema.get("handlers");
        return handlers instanceof Map<?, ?> h ? List.copyOf(((Map<String, Object>) h).keySet()) : List.of();
    }

    private Set<String> topLevel(String key) {
        Object paths = schema.get(key);
        if (!(paths instanceof List<?> list)) {
            return Set.of();
        }
        return list.stream().map(String::valueOf).filter(p -> p.startsWith("/properties/"))
                .map(p -> p.substring("/properties/".length()).split("/")[0]).collect(Collectors.toSet());
    }
}
