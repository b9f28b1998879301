// A 2026-07-28-only MCP server for the gateway tests (TypeScript SDK v2): it rejects the 2025 handshake, so a client
// reaches it only by speaking the modern revision. Prints "listening <port>" once it accepts connections.
// Usage: node modern-upstream.mjs [toolsTtlMs]
import { createServer } from 'node:http';
import { McpServer, createMcpHandler, inputRequired, inputResponse, fromJsonSchema } from '@modelcontextprotocol/server';
import { toNodeHandler } from '@modelcontextprotocol/node';
import * as z from 'zod';

const toolsTtlMs = Number(process.argv[2] ?? 60000);
const added = [];
let toolLists = 0;

function build() {
    const server = new McpServer({ name: 'modern-fixture', version: '1.0.0' }, {
        capabilities: { tools: { listChanged: true } },
        instructions: 'A fixture that speaks only MCP 2026-07-28.',
        cacheHints: { 'tools/list': { ttlMs: toolsTtlMs, cacheScope: 'public' } }
    });
    server.registerTool('echo', { description: 'Echoes the message back', inputSchema: z.object({ message: z.string() }) },
        async ({ message }) => ({ content: [{ type: 'text', text: `Echo: ${message}` }] }));
    server.registerTool('delete_item', {
        description: 'Deletes an item once the user confirms',
        inputSchema: z.object({ item: z.string() })
    }, async ({ item }, ctx) => {
        const answer = inputResponse(ctx.mcpReq.inputResponses, 'confirm');
        if (answer.kind === 'elicit' && answer.action === 'accept' && answer.content?.confirm === true) {
            return { content: [{ type: 'text', text: `deleted ${item}` }] };
        }
        if (answer.kind === 'elicit') {
            return { content: [{ type: 'text', text: `kept ${item} (${answer.action})` }] };
        }
        return inputRequired({
            inputRequests: {
                confirm: inputRequired.elicit({
                    message: `Delete ${item}?`,
                    requestedSchema: { type: 'object', properties: { confirm: { type: 'boolean' } }, required: ['confirm'] }
                })
            },
            requestState: `asked-for-${item}`
        });
    });
    server.registerTool('ask_forever', { description: 'Asks for input on every round', inputSchema: z.object({}) },
        async (_args, ctx) => inputRequired({
            inputRequests: { again: inputRequired.elicit({ message: 'Once more?', requestedSchema: { type: 'object', properties: {} } }) },
            requestState: `round-${Object.keys(ctx.mcpReq.inputResponses ?? {}).length}`
        }));
    server.registerTool('regional', {
        description: 'Answers for the region its Mcp-Param-Region header names',
        inputSchema: fromJsonSchema({
            type: 'object',
            properties: { region: { type: 'string', 'x-mcp-header': 'Region' }, query: { type: 'string' } },
            required: ['region', 'query']
        })
    }, async ({ region, query }, ctx) => ({
        content: [{ type: 'text', text: `${query} in ${region} (header ${ctx.http?.req?.headers.get('mcp-param-region')})` }]
    }));
    server.registerTool('bad_header', {
        description: 'Declares x-mcp-header on a number, which clients must reject',
        inputSchema: fromJsonSchema({ type: 'object', properties: { amount: { type: 'number', 'x-mcp-header': 'Amount' } } })
    }, async () => ({ content: [{ type: 'text', text: 'never listed by a conforming client' }] }));
    server.registerTool('count_steps', { description: 'Counts its steps, telling each as progress', inputSchema: z.object({ steps: z.number().int() }) },
        async ({ steps }, ctx) => {
            const progressToken = ctx.mcpReq._meta?.progressToken;
            for (let step = 1; step <= steps; step++) {
                if (progressToken !== undefined) {
                    await ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken, progress: step, total: steps, message: `step ${step}` } });
                }
            }
            return { content: [{ type: 'text', text: `counted ${steps} steps` }] };
        });
    server.registerTool('add_tool', { description: 'Adds a tool; announces it when told to', inputSchema: z.object({ announce: z.boolean() }) },
        async ({ announce }) => {
            const name = `added_${added.length + 1}`;
            added.push(name);
            if (announce) {
                setImmediate(() => handler.notify.toolsChanged());
            }
            return { content: [{ type: 'text', text: name }] };
        });
    server.registerTool('tool_lists', { description: 'How many tools/list requests it answered', inputSchema: z.object({}) },
        async () => ({ content: [{ type: 'text', text: String(toolLists) }] }));
    for (const name of added) {
        server.registerTool(name, { description: 'Added at run time', inputSchema: z.object({}) },
            async () => ({ content: [{ type: 'text', text: `${name} ran` }] }));
    }
    return server;
}

const handler = createMcpHandler(() => build(), { legacy: 'reject' });
const node = toNodeHandler(handler);
const http = createServer((req, res) => {
    if (req.headers['mcp-method'] === 'tools/list') {
        toolLists++;
    }
    node(req, res);
});
http.listen(0, '127.0.0.1', () => console.log(`listening ${http.address().port}`));
