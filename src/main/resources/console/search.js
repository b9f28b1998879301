// Search: hybrid, BM25 or vector, with k, highlights, and each hit's document a click away.
import {api} from './api.js';
import {byId, el, highlighted, number, show} from './dom.js';
import {report} from './app.js';
import {openPassage} from './passages.js';

export function start() {
  byId('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    search(new FormData(event.target)).catch(report);
  });
}

async function search(form) {
  const query = new URLSearchParams({q: form.get('q'), mode: form.get('mode'), k: form.get('k')});
  const result = await api(`/api/search?${query}`);
  byId('search-summary').textContent = `${result.hits.length} hits, ${result.mode}, ${number(result.took_ms)} ms`;
  show(byId('hits'), result.hits.map((hit) => el('li', {class: 'hit'},
    el('h3', {}, el('button', {type: 'button', class: 'link', onclick: () => openPassage(hit)}, hit.title ?? hit.source)),
    el('p', {class: 'muted'}, `${hit.source} · score ${number(hit.score, 4)}`),
    el('p', {}, hit.highlight ? highlighted(hit.highlight) : hit.text.slice(0, 300)))));
}
