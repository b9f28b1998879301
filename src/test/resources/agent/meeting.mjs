// A stdio MCP server with one read-only tool, meet: a call waits until as many calls as the first argument says are
// in progress together, then each answers "met". When they are not all there within the second argument's
// milliseconds the meeting is off: that call and every later one answer "alone" at once, so calls made one after
// another fail fast instead of hanging. Copied beside node_modules at run time so that the SDK import resolves.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

const expected = Number(process.argv[2] ?? '3');
const patienceMs = Number(process.argv[3] ?? '2000');
const waiting = [];
let arrived = 0;
let off = false;

const answer = (text) => ({ content: [{ type: 'text', text }] });

const server = new McpServer({ name: 'meeting', version: '1.0.0' });
server.registerTool('meet', {
  description: `Answers once ${expected} calls of it are in progress at the same time.`,
  annotations: { readOnlyHint: true },
}, async () => {
  if (off) {
    return answer(`alone: the meeting was off before this call arrived`);
  }
  arrived += 1;
  if (arrived === expected) {
    waiting.splice(0).forEach((meet) => meet(true));
    return answer(`met: ${expected} calls in progress at once`);
  }
  const met = await new Promise((resolve) => {
    waiting.push(resolve);
    setTimeout(() => resolve(false), patienceMs);
  });
  if (!met) {
    off = true;
    return answer(`alone: ${arrived} of ${expected} calls arrived within ${patienceMs} ms`);
  }
  return answer(`met: ${expected} calls in progress at once`);
});
await server.connect(new StdioServerTransport());
