// Elements built from text: nothing the page shows is ever parsed as HTML.

/** el('p', {class: 'x'}, 'text', child) — strings become text nodes, attributes are set as attributes. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'style') Object.assign(node.style, value); // CSSOM: the page's policy forbids inline styles
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false)
    .map((c) => (c instanceof Node ? c : String(c))));
  return node;
}

export const byId = (id) => document.getElementById(id);

/** Replaces what a container shows. */
export function show(container, ...children) {
  container.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined));
}

/** Elasticsearch marks matches with <em>…</em>; they become <mark> elements, the rest stays text. */
export function highlighted(fragment) {
  const parts = String(fragment).split(/<\/?em>/);
  return parts.map((part, i) => (i % 2 === 1 ? el('mark', {}, part) : document.createTextNode(part)));
}

/** A table from rows of plain values. */
export function table(headings, rows) {
  return el('div', {class: 'scroll'}, el('table', {},
    el('thead', {}, el('tr', {}, headings.map((h) => el('th', {scope: 'col'}, h)))),
    el('tbody', {}, rows.map((row) => el('tr', {}, row.map((cell) => el('td', {}, cell ?? '')))))));
}

export function number(value, digits = 0) {
  return value === null || value === undefined ? '—' : Number(value).toLocaleString(undefined,
    {maximumFractionDigits: digits});
}
