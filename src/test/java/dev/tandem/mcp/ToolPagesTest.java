package dev.tandem.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

/** tools/list pages: every tool exactly once by following nextCursor; a forged cursor is an invalid parameter. */
class ToolPagesTest {

    private final List<McpSchema.Tool> tools = IntStream.range(0, 5).mapToObj(i -> McpSchema.Tool.builder()
            .name("tool_" + i).description("Tool " + i).inputSchema(Map.of("type", "object")).build()).toList();
    private final ToolPages pages = new ToolPages(() -> tools, 2);

    @Test
    void should_list_every_tool_once_across_pages() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int requests = 0;
        do {
            McpSchema.ListToolsResult page = (McpSchema.ListToolsResult) pages.answer(request(cursor)).result();
            page.tools().forEach(t -> seen.add(t.name()));
            cursor = page.nextCursor();
            requests++;
        } while (cursor != null);

        assertThat(seen).containsExactly("tool_0", "tool_1", "tool_2", "tool_3", "tool_4");
        assertThat(requests).isEqualTo(3);
    }

    @Test
    void should_refuse_a_cursor_it_did_not_issue() {
        McpSchema.JSONRPCResponse response = pages.answer(request("bm90LWEtY3Vyc29y"));

        assertThat(response.error().code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
        assertThat(response.error().message()).contains("Invalid cursor");
    }

    private static McpSchema.JSONRPCRequest request(String cursor) {
        return new McpSchema.JSONRPCRequest("2.0", McpSchema.METHOD_TOOLS_LIST, 1,
                cursor == null ? Map.of() : Map.of("cursor", cursor));
    }
}
