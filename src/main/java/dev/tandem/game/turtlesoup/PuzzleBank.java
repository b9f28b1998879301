package dev.tandem.game.turtlesoup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** Every puzzle a game may use, by id: the built-in bank and the configured packs. */
public final class PuzzleBank {

    private final Map<String, Puzzle> puzzles = new LinkedHashMap<>();

    public PuzzleBank(List<Puzzle> all) {
        for (Puzzle p : all) {
            if (puzzles.put(p.id(), p) != null) {
                throw new IllegalArgumentException("Two puzzles have the id '" + p.id() + "'");
            }
        }
    }

    public Optional<Puzzle> find(String id) {
        return Optional.ofNullable(puzzles.get(id));
    }

    /** The puzzles in {@code language}, or all of them when it is empty. */
    public List<Puzzle> list(Optional<String> language) {
        List<Puzzle> chosen = new ArrayList<>();
        puzzles.values().stream().filter(p -> language.map(p.language()::equalsIgnoreCase).orElse(true))
                .forEach(chosen::add);
        return chosen;
    }

    public Optional<Puzzle> random(Optional<String> language, RandomGenerator random) {
        List<Puzzle> candidates = list(language);
        return candidates.isEmpty() ? Optional.empty()
                : Optional.of(candidates.get(random.nextInt(candidates.size())));
    }

    public List<String> languages() {
        return puzzles.values().stream().map(Puzzle::language).distinct().sorted().toList();
    }
}
