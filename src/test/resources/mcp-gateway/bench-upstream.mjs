// A stdio MCP server offering as many trivial tools as its first argument says, for the gateway benchmark's
// tools/list. Copied beside node_modules at run time so that the SDK import resolves.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

const count = Number(process.argv[2] ?? '20');
const server = new McpServer({ name: 'bench-upstream', version: '1.0.0' });
for (let i = 0; i < count; i++) {
  server.registerTool(`tool_${i}`, {
    description: `Benchmark tool number ${i}: answers with its own number.`,
    annotations: { readOnlyHint: true },
  }, async () => ({ content: [{ type: 'text', text: String(i) }] }));
}
await server.connect(new StdioServerTransport());
