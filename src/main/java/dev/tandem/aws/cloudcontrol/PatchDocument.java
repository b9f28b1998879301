package dev.tandem.aws.cloudcontrol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tandem.tool.ToolException;

/**
 * An RFC 6902 JSON Patch for {@code aws_update_resource}: checked against the type's schema before it is sent (known
 * properties, none read-only or create-only, values of the declared JSON type), and applied locally so the security
 * check can judge the state the update leads to.
 */
record PatchDocument(List<Map<String, Object>> operations) {

    private static final Set<String> OPERATIONS = Set.of("add", "remove", "replace", "move", "copy", "test");

    /** Every problem at once, so the caller can fix the patch in one go. */
    void validate(TypeSchema schema) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            Map<String, Object> op = operations.get(i);
            String name = String.valueOf(op.get("op"));
            if (!OPERATIONS.contains(name) || !(op.get("path") instanceof String path) || !path.startsWith("/")) {
                problems.add("#" + i + ": needs an op (add, remove, replace, move, copy, test) and a path such as"
                        + " /Tags");
                continue;
            }
            String property = path.substring(1).split("/")[0];
            if (!schema.properties().containsKey(property)) {
                problems.add("#" + i + ": " + schema.typeName() + " has no property " + property);
            } else if (schema.readOnly().contains(property)) {
                problems.add("#" + i + ": " + property + " is read-only");
            } else if (schema.createOnly().contains(property) && !"test".equals(name)) {
                problems.add("#" + i + ": " + property + " can only be set at creation (the resource would have to"
                        + " be replaced)");
            } else if (("add".equals(name) || "replace".equals(name)) && path.equals("/" + property)) {
                String mismatch = typeMismatch(schema.definition(property), op.get("value"));
                if (mismatch != null) {
                    problems.add("#" + i + ": " + property + " must be " + mismatch);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ToolException("The patch does not fit " + schema.typeName() + "'s schema: "
                    + String.join("; ", problems) + ".");
        }
    }

    /** The state after add, remove and replace (the operations that change it); a copy, the input is left alone. */
    Map<String, Object> applyTo(Map<String, Object> state) {
        Map<String, Object> result = new LinkedHashMap<>(Json.copy(state));
        for (Map<String, Object> op : operations) {
            String[] segments = ((String) op.get("path")).substring(1).split("/");
            Object parent = result;
            for (int i = 0; i < segments.length - 1 && parent != null; i++) {
                parent = child(parent, segments[i]);
            }
            set(parent, segments[segments.length - 1], String.valueOf(op.get("op")), Json.copy(op.get("value")));
        }
        return result;
    }

    private static Object child(Object parent, String segment) {
        if (parent instanceof Map<?, ?> m) {
            return m.get(segment);
        }
        if (parent instanceof List<?> l && segment.matches("\\d+") && Integer.parseInt(segment) < l.size()) {
            return l.get(Integer.parseInt(segment));
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static void set(Object parent, String last, String op, Object value) {
        if (parent instanceof Map<?, ?> m) {
            Map<String, Object> map = (Map<String, Object>) m;
            switch (op) {
                case "add", "replace" -> map.put(last, value);
                case "remove" -> map.remove(last);
                default -> {
                    // move, copy and test do not change what the security rules look at
                }
            }
        } else if (parent instanceof List<?> l) {
            List<Object> list = (List<Object>) l;
            int index = "-".equals(last) ? list.size() : Integer.parseInt(last);
            switch (op) {
                case "add" -> list.add(index, value);
                case "replace" -> list.set(index, value);
                case "remove" -> list.remove(index);
                default -> {
                    // as above
                }
            }
        }
    }

    private static String typeMismatch(Object definition, Object value) {
        if (!(definition instanceof Map<?, ?> d) || !(d.get("type") instanceof String type)) {
            return null; // several types or a remote $ref: Cloud Control checks it
        }
        boolean fits = switch (type) {
            case "string" -> value instanceof String;
            case "integer" -> value instanceof Integer || value instanceof Long;
            case "number" -> value instanceof Number;
            case "boolean" -> value instanceof Boolean;
            case "array" -> value instanceof List<?>;
            case "object" -> value instanceof Map<?, ?>;
            default -> true;
        };
        return fits ? null : "a JSON " + type;
    }
}
