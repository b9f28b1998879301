package dev.tandem.mcp.modern;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

import io.modelcontextprotocol.spec.McpSchema;

/**
 * {@code tools/list} for 2026-07-28 clients: tools sorted by name, in pages whose cursor is the last name given. Any
 * replica with the same configuration continues a listing another began, even when they learnt their upstream tools
 * in another order (an offset would then skip or repeat tools).
 */
final class NamePages {

    private static final String PREFIX = "after:";

    /** A page and the cursor of the next one (null on the last page). */
    record Page(List<McpSchema.Tool> tools, String nextCursor) {
    }

    private NamePages() {
    }

    /** @throws IllegalArgumentException when the cursor is not one Tandem issued */
    static Page page(List<McpSchema.Tool> tools, String cursor, int size) {
        String after = cursor == null ? null : after(cursor);
        List<McpSchema.Tool> rest = tools.stream().sorted(Comparator.comparing(McpSchema.Tool::name))
                .filter(t -> after == null || t.name().compareTo(after) > 0).toList();
        List<McpSchema.Tool> page = rest.subList(0, Math.min(size, rest.size()));
        String next = rest.size() > size ? Base64.getUrlEncoder().withoutPadding().encodeToString(
                (PREFIX + page.get(page.size() - 1).name()).getBytes(StandardCharsets.UTF_8)) : null;
        return new Page(List.copyOf(page), next);
    }

    private static String after(String cursor) {
        String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        if (!decoded.startsWith(PREFIX)) {
            throw new IllegalArgumentException(cursor);
        }
        return decoded.substring(PREFIX.length());
    }
}
