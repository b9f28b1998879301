package dev.tandem.game.turtlesoup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/**
 * Reads puzzle packs. A JSON file is a pack in Tandem's format ({@code {source, licence, puzzles: [{id, title,
 * surface, hidden_story, key_facts, language, difficulty}]}}, as the built-in bank). A folder is every such file in
 * it, plus every {@code <language>/stories.json} in TurtleBench's layout ({@code [{title, surface, bottom}]}), whose
 * source and licence come from the folder's {@code SOURCE.txt} ({@code Source} and {@code License} lines).
 */
public final class PuzzlePacks {

    static final String BANK = "turtle-soup/bank.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private record PackFile(String source, String licence, List<Entry> puzzles) {
    }

    private record Entry(String id, String title, String surface, String hiddenStory, List<String> keyFacts,
            String language, String difficulty, String source, String licence) {
    }

    private record Story(String title, String surface, String bottom) {
    }

    private PuzzlePacks() {
    }

    /** The puzzles written for Tandem, shipped in the jar. */
    public static List<Puzzle> bank() {
        try (InputStream in = PuzzlePacks.class.getClassLoader().getResourceAsStream(BANK)) {
            if (in == null) {
                throw new IllegalStateException("The puzzle bank " + BANK + " is missing from the classpath");
            }
            return puzzles(JSON.readValue(in, PackFile.class));
        } catch (IOException e) {
            throw new UncheckedIOException("The puzzle bank " + BANK + " cannot be read", e);
        }
    }

    /** A pack file or folder; a problem names the file and what is wrong with it. */
    public static List<Puzzle> read(Path path) {
        if (Files.isRegularFile(path)) {
            return packFile(path);
        }
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException("The puzzle pack " + path + " is neither a JSON file nor a folder");
        }
        List<Puzzle> puzzles = new ArrayList<>();
        try (Stream<Path> entries = Files.list(path)) {
            for (Path entry : entries.sorted().toList()) {
                if (Files.isRegularFile(entry) && entry.getFileName().toString().endsWith(".json")) {
                    puzzles.addAll(packFile(entry));
                } else if (Files.isRegularFile(entry.resolve("stories.json"))) {
                    puzzles.addAll(stories(path, entry.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The puzzle pack " + path + " cannot be listed", e);
        }
        if (puzzles.isEmpty()) {
            throw new IllegalArgumentException("The puzzle pack " + path + " holds no puzzles: it needs *.json pack"
                    + " files or <language>/stories.json files");
        }
        return puzzles;
    }

    private static List<Puzzle> packFile(Path file) {
        try {
            return puzzles(JSON.readValue(file.toFile(), PackFile.class));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("The puzzle pack " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static List<Puzzle> puzzles(PackFile pack) {
        if (pack.puzzles() == null) {
            throw new IllegalArgumentException("it has no 'puzzles' array");
        }
        return pack.puzzles().stream().map(p -> new Puzzle(p.id(), p.title(), p.surface(), p.hiddenStory(),
                p.keyFacts(), p.language(), orElse(p.difficulty(), "unrated"), orElse(p.source(), pack.source()),
                orElse(p.licence(), pack.licence()))).toList();
    }

    /** TurtleBench's stories of one language; ids are {@code <folder>-<language>-<n>}, n counting from 1. */
    private static List<Puzzle> stories(Path folder, String language) throws IOException {
        Path file = folder.resolve(language).resolve("stories.json");
        Story[] stories;
        try {
            stories = JSON.readValue(file.toFile(), Story[].class);
        } catch (IOException e) {
            throw new IllegalArgumentException("The puzzle pack " + file + " cannot be read: " + e.getMessage(), e);
        }
        String source = provenance(folder, "Source").orElse(folder.getFileName().toString());
        String licence = provenance(folder, "License").orElse("see " + folder.resolve("LICENSE"));
        List<Puzzle> puzzles = new ArrayList<>();
        for (int i = 0; i < stories.length; i++) {
            Story s = stories[i];
            puzzles.add(new Puzzle(folder.getFileName() + "-" + language + "-" + (i + 1), s.title(), s.surface(),
                    s.bottom(), List.of(), language, "unrated", source, licence));
        }
        return puzzles;
    }

    /** The first word after {@code key} on its line of SOURCE.txt ({@code License  Apache-2.0 (...)}). */
    private static Optional<String> provenance(Path folder, String key) throws IOException {
        Path file = folder.resolve("SOURCE.txt");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Files.readAllLines(file).stream().map(String::strip).filter(l -> l.startsWith(key + " "))
                .map(l -> l.substring(key.length()).strip().split("\\s+")[0]).findFirst();
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
