// A stdio MCP server whose tools change while it answers its first tools/list: that answer lists the tools from
// before the change (`first`) and comes 300 ms late, after notifications/tools/list_changed, so a listing asked for
// later (`first` and `second`) arrives before it. A client that applies listings in the order they arrive ends with
// the older one. For the gateway's tests; copied beside node_modules at run time so that the SDK import resolves.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const tool = (name) => ({ name, description: `Answers with its name (${name}).`, inputSchema: { type: 'object' } });
const tools = [tool('first')];
let listings = 0;
const server = new Server({ name: 'changing-tools', version: '1.0.0' },
  { capabilities: { tools: { listChanged: true } } });
server.setRequestHandler(ListToolsRequestSchema, async () => {
  listings += 1;
  if (listings > 1) {
    return { tools };
  }
  const before = [...tools];
  tools.push(tool('second'));
  await server.sendToolListChanged();
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { tools: before };
});
server.setRequestHandler(CallToolRequestSchema, async (request) => ({
  content: [{ type: 'text', text: request.params.name }],
}));
await server.connect(new StdioServerTransport());
