package dev.tandem.mcp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;

/**
 * {@code tools/list} in pages with opaque cursors, as the protocol allows: the SDK 2.1.0 always lists every tool at
 * once. The cursor encodes the offset of the next page; one that Tandem did not issue is an invalid parameter.
 */
final class ToolPages {

    private static final String PREFIX = "tools:";

    private final Supplier<List<McpSchema.Tool>> tools;
    private final int pageSize;

    ToolPages(Supplier<List<McpSchema.Tool>> tools, int pageSize) {
        this.tools = tools;
        this.pageSize = pageSize;
    }

    McpSchema.JSONRPCResponse answer(McpSchema.JSONRPCRequest request) {
        Object cursor = request.params() instanceof Map<?, ?> params ? params.get("cursor") : null;
        List<McpSchema.Tool> all = tools.get();
        int from;
        try {
            from = cursor == null ? 0 : offset(cursor.toString());
        } catch (IllegalArgumentException e) {
            return McpSchema.JSONRPCResponse.error(request.id(), new McpSchema.JSONRPCResponse.JSONRPCError(
                    ErrorCodes.INVALID_PARAMS, "Invalid cursor: list again without one, then follow nextCursor."));
        }
        int to = Math.min(all.size(), from + pageSize);
        String next = to < all.size() ? cursor(to) : null;
        return McpSchema.JSONRPCResponse.result(request.id(), new McpSchema.ListToolsResult(
                List.copyOf(all.subList(Math.min(from, all.size()), to)), next));
    }

    private static String cursor(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + offset)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(String cursor) {
        String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        if (!decoded.startsWith(PREFIX)) {
            throw new IllegalArgumentException(cursor);
        }
        int offset = Integer.parseInt(decoded.substring(PREFIX.length()));
        if (offset < 0) {
            throw new IllegalArgumentException(cursor);
        }
        return offset;
    }
}
