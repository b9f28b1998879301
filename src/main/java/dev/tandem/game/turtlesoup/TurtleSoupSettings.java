package dev.tandem.game.turtlesoup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import dev.tandem.config.InvalidSettingException;
import dev.tandem.config.ProjectConfiguration;
import dev.tandem.llm.plan.Strategies;

/**
 * The game's settings ({@code tandem.game.turtle.soup.*}): the extra puzzle packs, the strategy the host judges
 * with, and how long a game may stay idle.
 */
record TurtleSoupSettings(List<Path> packs, String strategy, Duration idle) {

    static final String PACKS = "tandem.game.turtle.soup.packs";
    static final String STRATEGY = "tandem.game.turtle.soup.strategy";
    static final String IDLE = "tandem.game.turtle.soup.idle.minutes";

    static TurtleSoupSettings read(Function<String, Optional<String>> properties) {
        List<Path> packs = Arrays.stream(declared(properties, PACKS).split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).map(Path::of).toList();
        String strategy = declared(properties, STRATEGY);
        if (!Strategies.NAMES.contains(strategy)) {
            throw invalid(STRATEGY, strategy, "one of " + String.join(", ", Strategies.NAMES));
        }
        String idle = declared(properties, IDLE);
        long minutes;
        try {
            minutes = Long.parseLong(idle);
        } catch (NumberFormatException e) {
            minutes = 0;
        }
        if (minutes < 1 || minutes > 525_600) {
            throw invalid(IDLE, idle, "a whole number of minutes from 1 to 525600");
        }
        return new TurtleSoupSettings(packs, strategy, Duration.ofMinutes(minutes));
    }

    /** The value, its one default in application.properties. */
    private static String declared(Function<String, Optional<String>> properties, String key) {
        return properties.apply(key).orElseThrow(() -> InvalidSettingException.undeclared(key)).strip();
    }

    private static InvalidSettingException invalid(String key, String value, String accepted) {
        return new InvalidSettingException("Setting " + ProjectConfiguration.environmentName(key) + " (" + key
                + ") is '" + value + "': expected " + accepted + ".");
    }
}
