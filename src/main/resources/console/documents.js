// Documents: ingestion as it goes, and files dropped here into the inbox.
import {api, ApiError, call} from './api.js';
import {byId, el, number, show} from './dom.js';
import {report} from './app.js';

const EVERY_MS = 2000;
let timer = null;
/** Uploads still waiting to be indexed: source → its row. */
const waiting = new Map();

export function start() {
  const drop = byId('drop');
  drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    upload([...event.dataTransfer.files]);
  });
  byId('files').addEventListener('change', (event) => {
    upload([...event.target.files]);
    event.target.value = '';
  });
}

export function shown() {
  refresh();
}

export function hidden() {
  clearTimeout(timer);
  timer = null;
}

async function refresh() {
  clearTimeout(timer);
  try {
    const status = await api('/api/ingest/status');
    showStatus(status);
    await checkWaiting(status.recent_failures ?? []);
  } catch (error) {
    report(error);
  }
  if (!byId('documents').hidden) timer = setTimeout(refresh, EVERY_MS);
}

function showStatus(status) {
  const counts = [['seen', status.seen], ['indexed', status.indexed], ['unchanged', status.unchanged],
    ['failed', status.failed], ['in progress', status.in_progress], ['chunks', status.chunks],
    ['documents/s', number(status.documents_per_second, 1)], ['chunks/s', number(status.chunks_per_second, 1)]];
  show(byId('ingest-counts'), counts.map(([name, value]) => el('div', {}, el('dt', {}, name), el('dd', {}, value))));
  show(byId('failures'), (status.recent_failures ?? []).map((f) => el('li', {class: 'failed'},
    el('strong', {}, f.source), el('span', {}, ` — ${f.reason}`))));
}

async function upload(files) {
  for (const file of files) {
    const row = el('li', {}, el('strong', {}, file.name), el('span', {class: 'state'}, ' — sending…'));
    byId('uploads').prepend(row);
    try {
      const response = await call(`/api/inbox?name=${encodeURIComponent(file.name)}`, {method: 'POST', body: file,
        headers: {'Content-Type': 'application/octet-stream'}});
      const answer = await response.json().catch(() => null);
      if (!response.ok) throw new ApiError(response.status, answer?.error?.message ?? response.statusText);
      setState(row, 'in the inbox, waiting to be indexed');
      waiting.set(answer.source, row);
    } catch (error) {
      row.classList.add('failed');
      setState(row, error.message);
    }
  }
  refresh();
}

/** An upload is indexed once its document can be read back; failed once ingestion says so. */
async function checkWaiting(failures) {
  for (const [source, row] of waiting) {
    const failure = failures.find((f) => f.source === source);
    if (failure) {
      waiting.delete(source);
      row.classList.add('failed');
      setState(row, `failed: ${failure.reason}`);
      continue;
    }
    try {
      const document = await api('/api/tools/get_document', {method: 'POST', json: {source}});
      waiting.delete(source);
      row.classList.add('done');
      setState(row, `indexed: ${document.chunks.length} passages`);
    } catch (error) {
      if (error.status !== 400 && error.status !== 404) setState(row, error.message);
    }
  }
}

function setState(row, text) {
  row.querySelector('.state').textContent = ` — ${text}`;
}
