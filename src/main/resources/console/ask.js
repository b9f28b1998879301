// Ask: a streamed chat with the pair of models, and what Tandem did to answer.
import {api, call, events} from './api.js';
import {byId, el, number, show} from './dom.js';
import {report} from './app.js';
import {openPassage} from './passages.js';

const history = [];

export async function start() {
  byId('ask-form').addEventListener('submit', (event) => {
    event.preventDefault();
    ask().catch(report);
  });
  byId('question').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      byId('ask-form').requestSubmit();
    }
  });
  const model = await api('/v1/models/tandem');
  const select = byId('strategy');
  for (const name of model.tandem.strategies) {
    select.append(el('option', {value: name, selected: name === model.tandem.default_strategy}, name));
  }
}

async function ask() {
  const input = byId('question');
  const question = input.value.trim();
  if (!question) return;
  input.value = '';
  const answer = el('p', {class: 'answer', 'aria-busy': 'true'});
  const details = el('div', {class: 'details'});
  const turn = el('article', {class: 'turn'}, el('p', {class: 'question'}, question), answer, details);
  byId('conversation').append(turn);
  history.push({role: 'user', content: question});
  const strategy = byId('strategy').value;
  const response = await call('/v1/chat/completions', {method: 'POST', json: {
    model: 'tandem', stream: true, stream_options: {include_usage: true}, messages: history,
    tandem: strategy ? {strategy} : {}}});
  if (!response.ok) {
    const refused = await response.json().catch(() => null);
    history.pop();
    answer.removeAttribute('aria-busy');
    answer.classList.add('failed');
    answer.textContent = refused?.error?.message ?? `${response.status} ${response.statusText}`;
    return;
  }
  let text = '';
  let usage = null;
  let tandem = null;
  for await (const chunk of events(response)) {
    if (chunk.error) {
      answer.classList.add('failed');
      answer.append(el('span', {class: 'cut'}, ` — ${chunk.error.message}`));
    }
    const piece = chunk.choices?.[0]?.delta?.content;
    if (piece) {
      text += piece;
      answer.textContent = text;
      turn.scrollIntoView({block: 'end'});
    }
    if (chunk.usage) usage = chunk.usage;
    if (chunk.tandem?.plan) tandem = chunk.tandem;
    if (tandem && (chunk.usage || chunk.tandem?.plan)) show(details, metadata(tandem, usage));
  }
  answer.removeAttribute('aria-busy');
  history.push({role: 'assistant', content: text});
}

/** Winner and why, both answers side by side, the plan as a timeline, tokens and cost, citations. */
function metadata(tandem, usage) {
  const parts = [];
  if (tandem.winner) {
    parts.push(el('p', {class: 'winner'}, 'Answered by ', el('strong', {}, tandem.winner.backend),
      ` (${tandem.strategy}): ${tandem.winner.reason}`));
  }
  if (tandem.degraded?.length) parts.push(el('p', {class: 'warn'}, `Degraded: ${tandem.degraded.join(', ')}`));
  if (tandem.answers?.length === 2) {
    parts.push(el('div', {class: 'both'}, tandem.answers.map((a) => el('figure', {
      class: a.backend === tandem.winner?.backend ? 'won' : ''},
      el('figcaption', {}, `${a.step}: ${a.backend}`), el('p', {}, a.text)))));
    parts.push(el('p', {class: 'muted'}, `Word agreement ${number(tandem.agreement, 2)}`,
      tandem.answers_disagree ? ' — the answers disagree' : ''));
  }
  parts.push(timeline(tandem.plan?.steps ?? []));
  parts.push(el('p', {class: 'muted'}, cost(tandem, usage)));
  if (tandem.citations?.length) {
    parts.push(el('ol', {class: 'citations'}, tandem.citations.map((c) => el('li', {},
      el('button', {type: 'button', class: 'link', onclick: () => openPassage(c)}, `[${c.n}] ${c.title ?? c.source}`)))));
  }
  return parts;
}

function timeline(steps) {
  const end = Math.max(1, ...steps.map((s) => s.start_ms + s.duration_ms));
  return el('ol', {class: 'timeline', 'aria-label': 'Plan'}, steps.map((s) => el('li', {class: `step ${s.outcome}`},
    el('span', {class: 'label'}, `${s.name}${s.backend ? ` · ${s.backend}` : ''}${s.tool ? ` · ${s.tool}` : ''}`),
    el('span', {class: 'track'}, el('span', {class: 'fill', style: {marginLeft: `${100 * s.start_ms / end}%`,
      width: `${Math.max(0.5, 100 * s.duration_ms / end)}%`}})),
    el('span', {class: 'when'}, `${s.outcome} · ${s.start_ms}+${s.duration_ms} ms${s.detail ? ` · ${s.detail}` : ''}`))));
}

function cost(tandem, usage) {
  const tokens = usage ? `${number(usage.prompt_tokens)} in / ${number(usage.completion_tokens)} out tokens` : '';
  const total = tandem.cost_usd?.total;
  return [tokens, total === null || total === undefined ? 'cost unknown' : `US$ ${number(total, 6)}`,
    Object.keys(tandem.usage ?? {}).join(', ')].filter(Boolean).join(' · ');
}
