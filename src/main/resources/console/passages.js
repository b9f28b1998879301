// A passage in a dialog, and the whole document's passages on demand (the get_document tool).
import {api} from './api.js';
import {byId, el, show} from './dom.js';

/** passage: {source, title?, text?, highlight?}; without text, the document's passages are loaded at once. */
export function openPassage(passage) {
  const dialog = byId('passage-dialog');
  byId('passage-title').textContent = passage.title ?? passage.source;
  byId('passage-source').textContent = passage.source;
  const body = byId('passage-body');
  const whole = el('button', {type: 'button', onclick: () => loadDocument(passage.source, body)}, 'Open the whole document');
  show(body, passage.text ? el('p', {class: 'passage'}, passage.text) : null, whole);
  if (!dialog.open) dialog.showModal();
  if (!passage.text) whole.click();
}

async function loadDocument(source, body) {
  show(body, el('p', {class: 'muted', 'aria-busy': 'true'}, 'Loading the passages…'));
  try {
    const document = await api('/api/tools/get_document', {method: 'POST', json: {source}});
    show(body, el('ol', {class: 'passages'}, document.chunks.map((c) => el('li', {value: c.chunk + 1},
      el('p', {class: 'passage'}, c.text)))));
  } catch (error) {
    show(body, el('p', {class: 'warn'}, error.message));
  }
}
