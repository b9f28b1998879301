package dev.tandem.game.turtlesoup;

/** Judges a player's questions and solutions against a puzzle's hidden story. */
public interface Host {

    /** Yes, no or irrelevant; throws {@link GameException} when no judgement can be had. */
    Label answer(Puzzle puzzle, String question);

    /** How many of {@link HostPrompts#factsToJudge(Puzzle)} the solution states. */
    int factsStated(Puzzle puzzle, String solution);
}
