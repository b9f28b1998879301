package dev.tandem.game.turtlesoup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PuzzlePacksTest {

    static final Path TURTLEBENCH = Path.of("../shared/data/turtlebench");

    @TempDir
    Path folder;

    @Test
    void should_ship_at_least_twenty_english_puzzles_each_with_key_facts_and_provenance() {
        List<Puzzle> bank = PuzzlePacks.bank();

        assertThat(bank).hasSizeGreaterThanOrEqualTo(20);
        assertThat(bank).allSatisfy(p -> {
            assertThat(p.language()).isEqualTo("en");
            assertThat(p.keyFacts()).isNotEmpty();
            assertThat(p.difficulty()).isIn("easy", "medium", "hard");
            assertThat(p.source()).contains("Tandem");
            assertThat(p.licence()).isNotBlank();
        });
        assertThat(new PuzzleBank(bank).list(Optional.empty())).hasSameSizeAs(bank);
    }

    @Test
    void should_load_the_turtlebench_folder_as_a_pack_of_32_stories_in_english_and_chinese() {
        List<Puzzle> pack = PuzzlePacks.read(TURTLEBENCH);

        assertThat(pack.stream().collect(Collectors.groupingBy(Puzzle::language, Collectors.counting())))
                .containsEntry("en", 32L).containsEntry("zh", 32L).hasSize(2);
        Puzzle first = new PuzzleBank(pack).find("turtlebench-en-1").orElseThrow();
        assertThat(first.title()).isEqualTo("The Turtle Soup Story");
        assertThat(first.surface()).contains("turtle soup");
        assertThat(first.hiddenStory()).contains("shipwrecked");
        assertThat(first.source()).isEqualTo("github.com/mazzzystar/TurtleBench");
        assertThat(first.licence()).isEqualTo("Apache-2.0");
        assertThat(new PuzzleBank(pack).find("turtlebench-zh-1").orElseThrow().surface()).contains("海龟汤");
    }

    @Test
    void should_load_a_folder_of_pack_files_and_a_single_pack_file() throws IOException {
        Path file = folder.resolve("mine.json");
        Files.writeString(file, """
                {"source": "club night", "licence": "CC0-1.0", "puzzles": [{"id": "kite", "title": "The Kite",
                 "surface": "A kite flew with nobody holding it.", "hidden_story": "It was tied to a fence.",
                 "key_facts": ["tied to something"], "language": "en"}]}
                """);

        assertThat(PuzzlePacks.read(file)).singleElement().satisfies(p -> {
            assertThat(p.licence()).isEqualTo("CC0-1.0");
            assertThat(p.difficulty()).isEqualTo("unrated");
        });
        assertThat(PuzzlePacks.read(folder)).extracting(Puzzle::id).containsExactly("kite");
    }

    @Test
    void should_name_the_file_and_the_problem_when_a_pack_is_broken() throws IOException {
        Path file = folder.resolve("broken.json");
        Files.writeString(file, "{\"puzzles\": [{\"id\": \"x\", \"title\": \"X\", \"surface\": \"s\", \"language\": \"en\"}]}");

        assertThatThrownBy(() -> PuzzlePacks.read(file)).hasMessageContaining("broken.json")
                .hasMessageContaining("hidden story");
        assertThatThrownBy(() -> PuzzlePacks.read(folder.resolve("nowhere")))
                .hasMessageContaining("neither a JSON file nor a folder");
    }

    @Test
    void should_refuse_two_puzzles_with_one_id() {
        List<Puzzle> twice = List.of(PuzzlePacks.bank().get(0), PuzzlePacks.bank().get(0));

        assertThatThrownBy(() -> new PuzzleBank(twice)).hasMessageContaining("Two puzzles have the id");
        assertThat(Set.copyOf(PuzzlePacks.bank().stream().map(Puzzle::id).toList())).hasSize(PuzzlePacks.bank().size());
    }
}
