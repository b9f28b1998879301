package dev.tandem.mcp;

import java.util.List;

import io.modelcontextprotocol.spec.McpSchema;

/**
 * The MCP Java SDK's answer to a call of a tool or prompt the server does not have, in words that name it. The SDK
 * answers every unknown tool "Unknown tool: invalid_tool_name" (the specification's example, word for word) and every
 * unknown prompt "Invalid prompt name", leaving the name in {@code data} only, which clients seldom show. Both eras'
 * answers pass through {@link #named} where they leave.
 */
public final class UnknownNames {

    /** One of the SDK's answers: its message, the start of its data before the name, and what was not found. */
    private record SdkWording(String message, String dataBeforeName, String kind) {
    }

    private static final List<SdkWording> WORDINGS = List.of(
            new SdkWording("Unknown tool: invalid_tool_name", "Tool not found: ", "tool"),
            new SdkWording("Invalid prompt name", "Prompt not found: ", "prompt"));

    private UnknownNames() {
    }

    /** The message itself, or the SDK's answer about an unknown name with that name in its message. */
    public static McpSchema.JSONRPCMessage named(McpSchema.JSONRPCMessage message) {
        return message instanceof McpSchema.JSONRPCResponse response ? named(response) : message;
    }

    /** The response itself, or the SDK's answer about an unknown name with that name in its message. */
    public static McpSchema.JSONRPCResponse named(McpSchema.JSONRPCResponse response) {
        if (response.error() == null || !(response.error().data() instanceof String data)) {
            return response;
        }
        for (SdkWording wording : WORDINGS) {
            if (wording.message().equals(response.error().message()) && data.startsWith(wording.dataBeforeName())) {
                String name = data.substring(wording.dataBeforeName().length());
                return McpSchema.JSONRPCResponse.error(response.id(), new McpSchema.JSONRPCResponse.JSONRPCError(
                        response.error().code(), "Unknown " + wording.kind() + " '" + name + "': " + wording.kind()
                                + "s/list names those this server has.", null));
            }
        }
        return response;
    }
}
