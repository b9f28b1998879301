package dev.tandem.game.turtlesoup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A turtle-soup puzzle: what the player sees (title, surface) and what only the host knows (the hidden story and
 * its key facts, the points a solution must state). {@code keyFacts} may be empty (packs that have none, such as
 * TurtleBench); such a puzzle is judged on the hidden story as a whole and has no hints.
 */
public record Puzzle(String id, String title, String surface, String hiddenStory, List<String> keyFacts,
        String language, String difficulty, String source, String licence) {

    public Puzzle {
        keyFacts = keyFacts == null ? List.of() : List.copyOf(keyFacts);
        requireText(id, "id");
        requireText(title, "title of " + id);
        requireText(surface, "surface of " + id);
        requireText(hiddenStory, "hidden story of " + id);
        requireText(language, "language of " + id);
    }

    /** What anyone may see before the game ends: never the hidden story or the key facts themselves. */
    public Map<String, Object> card() {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("id", id);
        card.put("title", title);
        card.put("surface", surface);
        card.put("language", language);
        card.put("difficulty", difficulty);
        card.put("key_facts", keyFacts.size());
        card.put("source", source);
        card.put("licence", licence);
        return card;
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a puzzle has no " + what);
        }
    }
}
