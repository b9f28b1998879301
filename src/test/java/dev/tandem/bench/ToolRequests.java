package dev.tandem.bench;

import java.util.StringJoiner;

/**
 * Chat completion bodies with function tools, as agents send them: N tools with schemas of a realistic size
 * (required and optional properties, an enum, a nested object), the first of which, {@code tool_0}, is the one the
 * emulators call.
 */
final class ToolRequests {

    private ToolRequests() {
    }

    /** The {@code tools} array of {@code count} function tools, as JSON. */
    static String tools(int count) {
        StringJoiner tools = new StringJoiner(",", "[", "]");
        for (int i = 0; i < count; i++) {
            tools.add("{\"type\":\"function\",\"function\":{\"name\":\"tool_" + i + "\",\"description\":\"Looks up"
                    + " item " + i + " for a city and a number of days\",\"parameters\":{\"type\":\"object\","
                    + "\"properties\":{\"city\":{\"type\":\"string\",\"minLength\":1},\"days\":{\"type\":\"integer\","
                    + "\"minimum\":1,\"maximum\":14},\"units\":{\"type\":\"string\",\"enum\":[\"metric\",\"imperial\"]},"
                    + "\"filters\":{\"type\":\"object\",\"properties\":{\"tag\":{\"type\":\"string\"}}}},"
                    + "\"required\":[\"city\"],\"additionalProperties\":false}}}");
        }
        return tools.toString();
    }

    /** {@code body} (a JSON object) with {@code tools} added. */
    static String withTools(String body, String tools) {
        return body.substring(0, body.lastIndexOf('}')) + ",\"tools\":" + tools + "}";
    }
}
