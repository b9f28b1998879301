// The console: five tabs over Tandem's own HTTP API. Each tab's module starts when its tab is first opened.
import {byId} from './dom.js';

const tabs = {
  ask: () => import('./ask.js'),
  search: () => import('./search.js'),
  documents: () => import('./documents.js'),
  play: () => import('./play.js'),
  operate: () => import('./operate.js'),
};
const started = new Map();

/** Shows what went wrong in words; Tandem's messages say what to do. */
export function report(error) {
  const box = byId('error');
  box.textContent = error ? String(error.message ?? error) : '';
  box.hidden = !error;
}

async function open(name) {
  for (const tab of document.querySelectorAll('[role=tab]')) {
    const selected = tab.getAttribute('aria-controls') === name;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    byId(tab.getAttribute('aria-controls')).hidden = !selected;
  }
  report(null);
  if (!started.has(name)) started.set(name, tabs[name]().then((module) => module.start()).catch(report));
  const module = await tabs[name]();
  module.shown?.();
  for (const other of Object.keys(tabs)) {
    if (other !== name && started.has(other)) (await tabs[other]()).hidden?.();
  }
}

const list = [...document.querySelectorAll('[role=tab]')];
for (const tab of list) {
  tab.addEventListener('click', () => { location.hash = tab.getAttribute('aria-controls'); });
  tab.addEventListener('keydown', (event) => {
    const step = {ArrowRight: 1, ArrowLeft: -1}[event.key];
    if (!step) return;
    const next = list[(list.indexOf(tab) + step + list.length) % list.length];
    next.focus();
    next.click();
  });
}
const fromHash = () => open(tabs[location.hash.slice(1)] ? location.hash.slice(1) : 'ask').catch(report);
window.addEventListener('hashchange', fromHash);
fromHash();
