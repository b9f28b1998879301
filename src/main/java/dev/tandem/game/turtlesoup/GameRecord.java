package dev.tandem.game.turtlesoup;

import java.util.ArrayList;
import java.util.List;

/**
 * One game as it is kept and stored: which puzzle, where it stands, and its transcript. Immutable; each turn makes
 * the next record. Times are epoch milliseconds.
 *
 * @param status     {@code playing}, {@code solved} or {@code given up}
 * @param hints      how many key facts have been revealed (always the first ones)
 */
public record GameRecord(String id, String puzzleId, String status, long startedAt, long lastActiveAt,
        Long endedAt, int questions, int hints, List<Turn> transcript) {

    public static final String PLAYING = "playing";
    public static final String SOLVED = "solved";
    public static final String GIVEN_UP = "given up";

    /** One line of the transcript: what the player did ({@code question}, {@code guess}, {@code hint},
     * {@code give up}), their words, and what the game answered. */
    public record Turn(long at, String kind, String text, String reply) {
    }

    public GameRecord {
        transcript = List.copyOf(transcript);
    }

    static GameRecord start(String id, String puzzleId, long now) {
        return new GameRecord(id, puzzleId, PLAYING, now, now, null, 0, 0, List.of());
    }

    boolean playing() {
        return PLAYING.equals(status);
    }

    GameRecord asked(String question, Label label, long now) {
        return next(new Turn(now, "question", question, label.word()), questions + 1, hints, status, now);
    }

    GameRecord guessed(String solution, String reply, boolean solved, long now) {
        return next(new Turn(now, "guess", solution, reply), questions, hints, solved ? SOLVED : status, now);
    }

    GameRecord hinted(String fact, long now) {
        return next(new Turn(now, "hint", null, fact), questions, hints + 1, status, now);
    }

    GameRecord gaveUp(long now) {
        return next(new Turn(now, "give up", null, null), questions, hints, GIVEN_UP, now);
    }

    private GameRecord next(Turn turn, int questions, int hints, String status, long now) {
        List<Turn> more = new ArrayList<>(transcript);
        more.add(turn);
        Long ended = PLAYING.equals(status) ? null : Long.valueOf(now);
        return new GameRecord(id, puzzleId, status, startedAt, now, ended, questions, hints, more);
    }
}
