package dev.tandem.game.turtlesoup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Games on disk, one JSON file per game ({@code <id>.json}) in one folder, each written whole to a temporary file
 * and moved into place, so a crash leaves either the old turn or the new one, never half a file.
 */
final class GameStore {

    private static final Logger LOG = LoggerFactory.getLogger(GameStore.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private final Path folder;

    GameStore(Path folder) {
        this.folder = folder;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the games folder " + folder, e);
        }
    }

    void save(GameRecord game) {
        Path file = file(game.id());
        Path temporary = folder.resolve(game.id() + ".json.tmp");
        try {
            JSON.writeValue(temporary.toFile(), game);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the game " + game.id() + " in " + folder, e);
        }
    }

    void delete(String id) {
        try {
            Files.deleteIfExists(file(id));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the game " + id + " from " + folder, e);
        }
    }

    /** Every stored game; a file that cannot be read is left where it is and logged, not lost. */
    List<GameRecord> loadAll() {
        List<GameRecord> games = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                try {
                    games.add(JSON.readValue(file.toFile(), GameRecord.class));
                } catch (IOException e) {
                    LOG.warn("Turtle soup: the game file {} cannot be read and is ignored: {}", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the games in " + folder, e);
        }
        return games;
    }

    private Path file(String id) {
        return folder.resolve(id + ".json");
    }
}
