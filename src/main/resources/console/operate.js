// Operate: health, the models and their circuits, the MCP gateway, the AWS inventory, the last tool calls.
import {call} from './api.js';
import {byId, el, number, show, table} from './dom.js';

const EVERY_MS = 5000;
let timer = null;

export function start() {
  byId('refresh').addEventListener('click', refresh);
}

export function shown() {
  refresh();
}

export function hidden() {
  clearTimeout(timer);
  timer = null;
}

/** Each part on its own: a key without the admin scope still sees the models, say. */
async function part(id, path, render) {
  try {
    const response = await call(path);
    const data = await response.json().catch(() => null);
    // health answers 503 with its checks when something is down: that is what this page is for
    if (!response.ok && !data?.checks) throw new Error(data?.error?.message ?? `${response.status} ${response.statusText}`);
    show(byId(id), render(data));
  } catch (error) {
    show(byId(id), el('p', {class: 'warn'}, error.message));
  }
}

async function refresh() {
  clearTimeout(timer);
  await Promise.all([
    part('health', '/observe/health', health),
    part('backends', '/v1/models/tandem', (m) => table(['model', 'reachable', 'circuit', 'latency', 'calls', 'failures'],
      m.tandem.backends.map((b) => [b.identification?.id ?? '?', state(b.runtime.reachable ? 'reachable' : 'failing'),
        state(b.runtime.circuitState), b.runtime.latencyMovingAverageMs === null ? '—'
          : `${number(b.runtime.latencyMovingAverageMs)} ms`, number(b.runtime.calls), number(b.runtime.failures)]))),
    part('mcp-servers', '/api/mcp/servers', (s) => (s.servers.length === 0 ? el('p', {class: 'muted'}, 'No servers in mcp.json.')
      : table(['server', 'transport', 'state', 'tools', 'circuit', 'latency', 'in flight', 'last error'],
        s.servers.map((u) => [u.name, u.transport, state(u.state), u.tools, state(u.circuit),
          u.latencyMs === null || u.latencyMs === undefined ? '—' : `${u.latencyMs} ms`, u.inFlight, u.lastError])))),
    part('aws-inventory', '/api/aws/inventory/status', (a) => el('pre', {}, JSON.stringify(a, null, 2))),
    part('tool-calls', '/api/tool-calls', (t) => (t.calls.length === 0 ? el('p', {class: 'muted'}, 'No tool calls yet.')
      : table(['when', 'server', 'tool', 'outcome', 'duration'], t.calls.map((c) => [new Date(c.at).toLocaleTimeString(),
        c.server, c.tool, state(c.outcome), `${c.duration_ms} ms`])))),
  ]);
  byId('operate-time').textContent = `as of ${new Date().toLocaleTimeString()}`;
  if (!byId('operate').hidden) timer = setTimeout(refresh, EVERY_MS);
}

/** The verdict, the checks that are not UP, and every check folded away (there is one per route). */
function health(h) {
  const rows = (checks) => table(['check', 'status', 'message'], checks.map((c) => [c.name, state(c.status), c.message]));
  const down = h.checks.filter((c) => c.status !== 'UP');
  return [el('p', {}, state(h.status), ` · ${h.checks.length - down.length} of ${h.checks.length} checks UP`),
    down.length ? rows(down) : null,
    el('details', {}, el('summary', {}, 'All checks'), rows(h.checks))];
}

/** A state word, coloured by what it means; the word itself stays readable without colour. */
function state(word) {
  const text = String(word ?? '—');
  const good = ['UP', 'ok', 'ready', 'closed', 'reachable'].includes(text);
  const bad = ['DOWN', 'failed', 'failing', 'open', 'timeout', 'error', 'restarting', 'tool_error', 'rpc_error',
    'circuit_open'].includes(text);
  return el('span', {class: good ? 'ok' : bad ? 'failed' : ''}, text);
}
