package dev.tandem.game.turtlesoup;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The games being played: start, ask, guess, hint, give up, status. Any number at once, each turn of one game after
 * the other (a game is locked while its host judges). Every turn is stored before it is answered, so games survive
 * a restart; a game idle for longer than {@code idle} is gone. What a player sees never holds the hidden story or
 * an unrevealed key fact until the game has ended.
 */
public final class TurtleSoupGames {

    static final int MAX_QUESTION = 500;
    static final int MAX_SOLUTION = 2000;

    private final PuzzleBank bank;
    private final Host host;
    private final GameStore store;
    private final Duration idle;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Slot> games = new ConcurrentHashMap<>();

    /** A game's place: the lock its turns take, and its record. */
    private static final class Slot {
        private GameRecord game;
        private boolean removed;

        Slot(GameRecord game) {
            this.game = game;
        }
    }

    public TurtleSoupGames(PuzzleBank bank, Host host, Path folder, Duration idle, Clock clock) {
        this.bank = bank;
        this.host = host;
        this.store = new GameStore(folder);
        this.idle = idle;
        this.clock = clock;
        store.loadAll().forEach(g -> games.put(g.id(), new Slot(g)));
        expireIdle();
    }

    public List<Map<String, Object>> puzzles(Optional<String> language) {
        knownLanguage(language);
        return bank.list(language).stream().map(Puzzle::card).toList();
    }

    public Map<String, Object> start(Optional<String> puzzleId, Optional<String> language) {
        knownLanguage(language);
        Puzzle puzzle = puzzleId.map(id -> bank.find(id).orElseThrow(() -> new GameException(404, "There is no"
                + " puzzle '" + id + "': turtle_soup_list_puzzles (GET /api/games/turtle-soup/puzzles) lists them.")))
                .orElseGet(() -> bank.random(language, random).orElseThrow());
        if (language.isPresent() && !language.get().equalsIgnoreCase(puzzle.language())) {
            throw new GameException(400, "The puzzle '" + puzzle.id() + "' is in '" + puzzle.language() + "', not '"
                    + language.get() + "': leave the language out or choose another puzzle.");
        }
        byte[] id = new byte[8];
        random.nextBytes(id);
        GameRecord game = GameRecord.start(HexFormat.of().formatHex(id), puzzle.id(), now());
        store.save(game);
        games.put(game.id(), new Slot(game));
        Map<String, Object> view = view(game, puzzle);
        view.put("how_to_play", "Ask yes/no questions about the story (the host answers yes, no or irrelevant),"
                + " propose a solution when you think you know what happened, ask for a hint (each reveals a key"
                + " fact and costs points), or give up to read the hidden story.");
        return view;
    }

    public Map<String, Object> ask(String gameId, String question) {
        String text = required(question, "question", MAX_QUESTION);
        return turn(gameId, (slot, puzzle) -> {
            Label label = host.answer(puzzle, text);
            slot.game = slot.game.asked(text, label, now());
            Map<String, Object> view = brief(slot.game);
            view.put("question", text);
            view.put("answer", label.word());
            return view;
        });
    }

    public Map<String, Object> guess(String gameId, String solution) {
        String text = required(solution, "solution", MAX_SOLUTION);
        return turn(gameId, (slot, puzzle) -> {
            int total = HostPrompts.factsToJudge(puzzle).size();
            int stated = host.factsStated(puzzle, text);
            String outcome = stated == total ? "solved" : stated > 0 ? "close" : "not yet";
            String reply = "close".equals(outcome) ? "close (" + stated + " of " + total + " key facts)" : outcome;
            slot.game = slot.game.guessed(text, reply, stated == total, now());
            Map<String, Object> view = brief(slot.game);
            view.put("outcome", outcome);
            view.put("key_facts_stated", stated);
            view.put("key_facts_total", total);
            if (!slot.game.playing()) {
                view.putAll(reveal(puzzle));
            }
            return view;
        });
    }

    public Map<String, Object> hint(String gameId) {
        return turn(gameId, (slot, puzzle) -> {
            if (puzzle.keyFacts().isEmpty()) {
                throw new GameException(409, "The puzzle '" + puzzle.id() + "' has no key facts to reveal as hints.");
            }
            if (slot.game.hints() >= puzzle.keyFacts().size()) {
                throw new GameException(409, "Every key fact has been revealed already; propose a solution or give"
                        + " up.");
            }
            String fact = puzzle.keyFacts().get(slot.game.hints());
            slot.game = slot.game.hinted(fact, now());
            Map<String, Object> view = brief(slot.game);
            view.put("hint", fact);
            view.put("hints_left", puzzle.keyFacts().size() - slot.game.hints());
            return view;
        });
    }

    public Map<String, Object> giveUp(String gameId) {
        return turn(gameId, (slot, puzzle) -> {
            slot.game = slot.game.gaveUp(now());
            Map<String, Object> view = brief(slot.game);
            view.putAll(reveal(puzzle));
            return view;
        });
    }

    public Map<String, Object> status(String gameId) {
        Slot slot = slot(gameId);
        synchronized (slot) {
            GameRecord game = current(slot, gameId);
            Puzzle puzzle = puzzleOf(game);
            Map<String, Object> view = view(game, puzzle);
            view.put("hints", puzzle.keyFacts().subList(0, game.hints()));
            view.put("transcript", game.transcript());
            if (!game.playing()) {
                view.putAll(reveal(puzzle));
            }
            return view;
        }
    }

    /** Forgets every game idle for longer than the idle time; returns how many. */
    public int expireIdle() {
        int expired = 0;
        for (Map.Entry<String, Slot> entry : games.entrySet()) {
            Slot slot = entry.getValue();
            synchronized (slot) {
                if (!slot.removed && idleTooLong(slot.game)) {
                    remove(slot);
                    expired++;
                }
            }
        }
        return expired;
    }

    @FunctionalInterface
    private interface Turn {
        Map<String, Object> play(Slot slot, Puzzle puzzle);
    }

    /** One turn of a playing game, under its lock, stored before it is answered. */
    private Map<String, Object> turn(String gameId, Turn turn) {
        Slot slot = slot(gameId);
        synchronized (slot) {
            GameRecord game = current(slot, gameId);
            if (!game.playing()) {
                throw new GameException(409, "The game " + gameId + " has ended (" + game.status() + "); start a new"
                        + " one with turtle_soup_start.");
            }
            Map<String, Object> view = turn.play(slot, puzzleOf(game));
            try {
                store.save(slot.game);
            } catch (RuntimeException e) {
                slot.game = game; // a turn that is not stored did not happen
                throw e;
            }
            return view;
        }
    }

    private Slot slot(String gameId) {
        String id = required(gameId, "game", 64);
        Slot slot = games.get(id);
        if (slot == null) {
            throw unknown(id);
        }
        return slot;
    }

    /** The slot's game, unless it was removed or is past its idle time (then it is removed now). */
    private GameRecord current(Slot slot, String gameId) {
        if (!slot.removed && idleTooLong(slot.game)) {
            remove(slot);
        }
        if (slot.removed) {
            throw unknown(gameId);
        }
        return slot.game;
    }

    private void remove(Slot slot) {
        slot.removed = true;
        games.remove(slot.game.id(), slot);
        store.delete(slot.game.id());
    }

    private boolean idleTooLong(GameRecord game) {
        return now() - game.lastActiveAt() > idle.toMillis();
    }

    private GameException unknown(String gameId) {
        return new GameException(404, "There is no game '" + gameId + "'. Games are forgotten after "
                + idle.toMinutes() + " minutes without a turn; start a new one with turtle_soup_start.");
    }

    private Puzzle puzzleOf(GameRecord game) {
        return bank.find(game.puzzleId()).orElseThrow(() -> new GameException(409, "The game " + game.id()
                + " was played on the puzzle '" + game.puzzleId() + "', which is no longer configured."));
    }

    private void knownLanguage(Optional<String> language) {
        if (language.isPresent() && bank.languages().stream().noneMatch(language.get()::equalsIgnoreCase)) {
            throw new GameException(404, "There is no puzzle in '" + language.get() + "'; the languages are "
                    + String.join(", ", bank.languages()) + ".");
        }
    }

    private Map<String, Object> view(GameRecord game, Puzzle puzzle) {
        Map<String, Object> view = brief(game);
        view.put("puzzle", puzzle.card());
        if (game.playing()) {
            view.put("expires_at", Instant.ofEpochMilli(game.lastActiveAt()).plus(idle).toString());
        }
        return view;
    }

    private Map<String, Object> brief(GameRecord game) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("game", game.id());
        view.put("status", game.status());
        view.put("score", score(game));
        return view;
    }

    /**
     * Questions, hints and seconds played; points only for a solved game: 100, less 2 a question and 10 a hint,
     * at least 10.
     */
    private Map<String, Object> score(GameRecord game) {
        Map<String, Object> score = new LinkedHashMap<>();
        score.put("questions", game.questions());
        score.put("hints", game.hints());
        long end = game.endedAt() != null ? game.endedAt() : now();
        score.put("seconds", (end - game.startedAt()) / 1000);
        score.put("points", GameRecord.SOLVED.equals(game.status())
                ? Math.max(10, 100 - 2 * game.questions() - 10 * game.hints()) : 0);
        return score;
    }

    private static Map<String, Object> reveal(Puzzle puzzle) {
        Map<String, Object> end = new LinkedHashMap<>();
        end.put("hidden_story", puzzle.hiddenStory());
        end.put("key_facts", puzzle.keyFacts());
        return end;
    }

    private static String required(String value, String name, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new GameException(400, "'" + name + "' is required and must not be blank.");
        }
        if (value.length() > maxLength) {
            throw new GameException(400, "'" + name + "' has " + value.length() + " characters; the limit is "
                    + maxLength + ".");
        }
        return value.strip();
    }

    private long now() {
        return clock.millis();
    }
}
