// Every call to Tandem goes through here: the token (when the server asks for one) rides along, kept in
// sessionStorage only, so it lives as long as this tab.
import {byId} from './dom.js';

const TOKEN = 'tandem-token';
let asking = null;

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Shows the token dialog once, however many calls were refused at the same time. */
function askForToken() {
  asking ??= new Promise((resolve) => {
    const dialog = byId('token-dialog');
    const input = byId('token');
    input.value = '';
    dialog.addEventListener('close', () => {
      sessionStorage.setItem(TOKEN, input.value.trim());
      asking = null;
      resolve();
    }, {once: true});
    dialog.showModal();
  });
  return asking;
}

/** fetch() with the token; a 401 asks for a token and tries again. */
export async function call(path, {method = 'GET', json, body, headers = {}} = {}) {
  for (;;) {
    const sent = {...headers};
    const token = sessionStorage.getItem(TOKEN);
    if (token) sent.Authorization = `Bearer ${token}`;
    if (json !== undefined) sent['Content-Type'] = 'application/json';
    const response = await fetch(path, {method, headers: sent, body: json !== undefined ? JSON.stringify(json) : body});
    if (response.status !== 401) return response;
    sessionStorage.removeItem(TOKEN);
    await askForToken();
  }
}

/** The JSON answer of a call; a refusal becomes an ApiError carrying Tandem's own message. */
export async function api(path, options) {
  const response = await call(path, options);
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data?.error?.message ?? `${response.status} ${response.statusText}`);
  return data;
}

/** Server-sent events of a streamed answer, one parsed JSON object at a time. */
export async function* events(response) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const {value, done} = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = event.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
      if (data === '[DONE]') return;
      if (data) yield JSON.parse(data);
    }
  }
}
