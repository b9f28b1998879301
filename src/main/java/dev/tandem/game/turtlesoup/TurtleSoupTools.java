package dev.tandem.game.turtlesoup;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import dev.tandem.tool.ToolException;
import org.apache.camel.Body;

/** The MCP tools {@code turtle_soup_*}: the arguments as the game takes them, a game's refusal as a tool error. */
public final class TurtleSoupTools {

    private final TurtleSoupGames games;

    public TurtleSoupTools(TurtleSoupGames games) {
        this.games = games;
    }

    public Map<String, Object> listPuzzles(@Body Map<String, Object> arguments) {
        return guarded(() -> Map.of("puzzles", games.puzzles(optional(arguments, "language"))));
    }

    public Map<String, Object> start(@Body Map<String, Object> arguments) {
        return guarded(() -> games.start(optional(arguments, "puzzle"), optional(arguments, "language")));
    }

    public Map<String, Object> ask(@Body Map<String, Object> arguments) {
        return guarded(() -> games.ask(text(arguments, "game"), text(arguments, "question")));
    }

    public Map<String, Object> guess(@Body Map<String, Object> arguments) {
        return guarded(() -> games.guess(text(arguments, "game"), text(arguments, "solution")));
    }

    public Map<String, Object> hint(@Body Map<String, Object> arguments) {
        return guarded(() -> games.hint(text(arguments, "game")));
    }

    public Map<String, Object> giveUp(@Body Map<String, Object> arguments) {
        return guarded(() -> games.giveUp(text(arguments, "game")));
    }

    public Map<String, Object> status(@Body Map<String, Object> arguments) {
        return guarded(() -> games.status(text(arguments, "game")));
    }

    private static Optional<String> optional(Map<String, Object> arguments, String name) {
        return Optional.ofNullable(text(arguments, name)).filter(s -> !s.isBlank());
    }

    private static String text(Map<String, Object> arguments, String name) {
        Object value = arguments == null ? null : arguments.get(name);
        if (value != null && !(value instanceof String)) {
            throw new ToolException("'" + name + "' must be a string.");
        }
        return (String) value;
    }

    private static <T> T guarded(Supplier<T> action) {
        try {
            return action.get();
        } catch (GameException e) {
            throw new ToolException(e.status(), e.getMessage());
        }
    }
}
