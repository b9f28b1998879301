// Play: turtle soup for a person. The host (the pair of models) answers yes, no or irrelevant.
import {api} from './api.js';
import {byId, el, show} from './dom.js';
import {report} from './app.js';

const GAMES = '/api/games/turtle-soup';
let game = null;

export async function start() {
  byId('start-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const puzzle = byId('puzzle').value;
    play(() => api(`${GAMES}/games`, {method: 'POST', json: puzzle ? {puzzle} : {}}));
  });
  byId('question-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const question = byId('game-question');
    play(() => api(`${GAMES}/games/${game}/ask`, {method: 'POST', json: {question: question.value}}))
      .then(() => { question.value = ''; });
  });
  byId('guess-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const guess = byId('game-guess');
    play(() => api(`${GAMES}/games/${game}/guess`, {method: 'POST', json: {solution: guess.value}}))
      .then(() => { guess.value = ''; });
  });
  byId('hint').addEventListener('click', () => play(() => api(`${GAMES}/games/${game}/hint`, {method: 'POST'})));
  byId('give-up').addEventListener('click', () => play(() => api(`${GAMES}/games/${game}/give-up`, {method: 'POST'})));
  const {puzzles} = await api(`${GAMES}/puzzles`);
  byId('puzzle').append(...puzzles.map((p) => el('option', {value: p.id}, `${p.title} (${p.language}, ${p.difficulty})`)));
}

/** One move, then the game as the server now has it (transcript included). */
async function play(move) {
  const moves = byId('game-moves');
  moves.setAttribute('aria-busy', 'true');
  try {
    game = (await move()).game;
    render(await api(`${GAMES}/games/${game}`));
  } catch (error) {
    report(error);
  } finally {
    moves.removeAttribute('aria-busy');
  }
}

function render(state) {
  byId('game').hidden = false;
  byId('game-title').textContent = state.puzzle.title;
  byId('surface').textContent = state.puzzle.surface;
  show(byId('transcript'), state.transcript.map((turn) => el('li', {},
    el('span', {class: 'kind'}, turn.kind), ' ', turn.text ?? '', turn.reply ? el('strong', {}, ` → ${turn.reply}`) : null)));
  const s = state.score;
  byId('score').textContent = `${state.status} · ${s.questions} questions · ${s.hints} hints · ${s.seconds} s · ${s.points} points`;
  const over = state.status !== 'playing';
  byId('game-moves').hidden = over;
  byId('reveal').hidden = !over;
  byId('hidden-story').textContent = over ? state.hidden_story : '';
}
