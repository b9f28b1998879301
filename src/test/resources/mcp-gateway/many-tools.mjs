// A stdio MCP server offering as many trivial tools as its first argument says, plus add_tool, which adds one more
// (the SDK then sends notifications/tools/list_changed). For the gateway's tests and benchmark; copied beside
// node_modules at run time so that the SDK import resolves.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

const count = Number(process.argv[2] ?? '20');
const server = new McpServer({ name: 'many-tools', version: '1.0.0' });
for (let i = 0; i < count; i++) {
  server.registerTool(`tool_${i}`, {
    description: `Test tool number ${i}: answers with its own number.`,
    annotations: { readOnlyHint: true },
  }, async () => ({ content: [{ type: 'text', text: String(i) }] }));
}
let added = 0;
server.registerTool('add_tool', {
  description: 'Adds one more tool, added_<n>, and tells the client its tool list changed.',
}, async () => {
  added += 1;
  const name = `added_${added}`;
  server.registerTool(name, { description: `Tool added at run time (${name}).` },
    async () => ({ content: [{ type: 'text', text: name }] }));
  return { content: [{ type: 'text', text: `added ${name}` }] };
});
await server.connect(new StdioServerTransport());
