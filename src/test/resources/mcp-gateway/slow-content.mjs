// A stdio MCP server with one prompt and one resource that take a minute to answer, or end early when their request
// is cancelled (the SDK aborts the handler's signal on notifications/cancelled), and no tools: a server without the
// tools capability must still become ready. For the gateway's cancellation tests; copied beside node_modules at run
// time so that the SDK import resolves.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

const slowly = (signal, answer) => new Promise((resolve) => {
  // unref: a request still waiting does not keep the process alive once its stdin closed
  const timer = setTimeout(() => resolve(answer), 60_000).unref();
  signal.addEventListener('abort', () => {
    clearTimeout(timer);
    resolve(answer);
  });
});

const server = new McpServer({ name: 'slow-content', version: '1.0.0' });
server.registerPrompt('slow_prompt', { description: 'A prompt that takes a minute to write.' },
  async (extra) => slowly(extra.signal, { messages: [{ role: 'user', content: { type: 'text', text: 'slow' } }] }));
server.registerResource('slow_report', 'slow://report', { description: 'A report that takes a minute to read.' },
  async (uri, extra) => slowly(extra.signal, { contents: [{ uri: uri.href, text: 'slow' }] }));
await server.connect(new StdioServerTransport());
