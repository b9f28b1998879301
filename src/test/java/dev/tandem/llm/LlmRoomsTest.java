package dev.tandem.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The rooms of llm/ import downwards only: the API above the plan, the plan and the vendors above the shared types. */
class LlmRoomsTest {

    private static final Path LLM = Path.of("src/main/java/dev/tandem/llm");

    @Test
    void should_keep_vendor_code_free_of_the_api_and_the_plan() throws IOException {
        assertThat(importsIn("backend", "dev.tandem.llm.api", "dev.tandem.llm.plan", "dev.tandem.llm.wiring")).isEmpty();
    }

    @Test
    void should_keep_the_plan_free_of_the_api_and_the_vendors() throws IOException {
        assertThat(importsIn("plan", "dev.tandem.llm.api", "dev.tandem.llm.backend", "dev.tandem.llm.wiring")).isEmpty();
    }

    @Test
    void should_keep_the_shared_types_free_of_every_room() throws IOException {
        assertThat(importsIn("", "dev.tandem.llm.api", "dev.tandem.llm.plan", "dev.tandem.llm.backend",
                "dev.tandem.llm.wiring")).isEmpty();
    }

    /** The imports, as "File.java: import ...", of the room's own files that name one of the packages. */
    private static List<String> importsIn(String room, String... forbidden) throws IOException {
        Path dir = room.isEmpty() ? LLM : LLM.resolve(room);
        int depth = room.isEmpty() ? 1 : Integer.MAX_VALUE;
        try (Stream<Path> files = Files.walk(dir, depth)) {
            return files.filter(f -> f.toString().endsWith(".java")).flatMap(LlmRoomsTest::imports)
                    .filter(line -> Stream.of(forbidden).anyMatch(p -> line.contains(" " + p + ".")))
                    .toList();
        }
    }

    private static Stream<String> imports(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::strip).filter(line -> line.startsWith("import "))
                    .map(line -> file.getFileName() + ": " + line);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
