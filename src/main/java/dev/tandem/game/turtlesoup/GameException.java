package dev.tandem.game.turtlesoup;

/**
 * A game request that cannot be served, with the HTTP status it means (400 bad input, 404 no such game or puzzle,
 * 409 the game has ended, 502/503 the host's model failed). The message is for the player: it never carries model
 * text, so it cannot carry the hidden story.
 */
public final class GameException extends RuntimeException {

    private final int status;

    public GameException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
