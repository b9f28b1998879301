package dev.tandem.game.turtlesoup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules of a game with a host whose judgements are written here; the host on a real model is TurtleSoupHostTest. */
class TurtleSoupGamesTest {

    private static final Duration IDLE = Duration.ofMinutes(30);

    @TempDir
    Path folder;
    private Instant now = Instant.parse("2026-12-03T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final Host yesHost = new Host() {
        @Override
        public Label answer(Puzzle puzzle, String question) {
            return Label.YES;
        }

        @Override
        public int factsStated(Puzzle puzzle, String solution) {
            return 0;
        }
    };

    @Test
    void should_forget_a_game_idle_longer_than_the_idle_time_and_delete_its_file() {
        TurtleSoupGames games = games(yesHost);
        String game = start(games);
        now = now.plus(IDLE).minusSeconds(1);
        games.ask(game, "Was it cold?");
        now = now.plus(IDLE);

        assertThat(games.expireIdle()).isZero();
        now = now.plusSeconds(2);
        assertThat(games.expireIdle()).isEqualTo(1);
        assertThat(folder.resolve(game + ".json")).doesNotExist();
        assertThatThrownBy(() -> games.status(game)).isInstanceOf(GameException.class)
                .hasMessageContaining("forgotten after 30 minutes");
    }

    @Test
    void should_treat_an_idle_game_as_gone_even_before_the_sweep_runs() {
        TurtleSoupGames games = games(yesHost);
        String game = start(games);
        now = now.plus(IDLE).plusSeconds(1);

        assertThatThrownBy(() -> games.ask(game, "Still there?")).isInstanceOf(GameException.class)
                .satisfies(e -> assertThat(((GameException) e).status()).isEqualTo(404));
        assertThat(folder.resolve(game + ".json")).doesNotExist();
    }

    @Test
    void should_find_the_stored_games_again_from_the_folder() {
        String game = start(games(yesHost));
        games(yesHost).ask(game, "Was it cold?");

        Map<String, Object> status = games(yesHost).status(game);

        assertThat(status.get("transcript").toString()).contains("Was it cold?");
        assertThat(((Map<?, ?>) status.get("score")).get("questions")).isEqualTo(1);
    }

    @Test
    void should_not_keep_a_turn_the_host_could_not_judge() throws Exception {
        Host failing = new Host() {
            @Override
            public Label answer(Puzzle puzzle, String question) {
                throw new GameException(502, "no judgement");
            }

            @Override
            public int factsStated(Puzzle puzzle, String solution) {
                throw new GameException(502, "no judgement");
            }
        };
        TurtleSoupGames games = games(failing);
        String game = start(games);

        assertThatThrownBy(() -> games.ask(game, "Was it cold?")).hasMessage("no judgement");
        assertThatThrownBy(() -> games.guess(game, "Frost.")).hasMessage("no judgement");

        assertThat(games(yesHost).status(game).get("transcript").toString()).isEqualTo("[]");
        assertThat(Files.readString(folder.resolve(game + ".json"))).doesNotContain("Was it cold?");
    }

    @Test
    void should_score_a_solved_game_from_its_questions_and_hints() {
        Host solver = new Host() {
            @Override
            public Label answer(Puzzle puzzle, String question) {
                return Label.NO;
            }

            @Override
            public int factsStated(Puzzle puzzle, String solution) {
                return HostPrompts.factsToJudge(puzzle).size();
            }
        };
        TurtleSoupGames games = games(solver);
        String game = start(games);
        games.ask(game, "One?");
        games.ask(game, "Two?");
        games.hint(game);
        now = now.plusSeconds(95);

        Map<String, Object> solved = games.guess(game, "Frost was coming and green tomatoes ripen indoors.");

        assertThat(solved).containsEntry("outcome", "solved").containsEntry("status", "solved");
        assertThat(solved.get("score")).isEqualTo(Map.of("questions", 2, "hints", 1, "seconds", 95L, "points", 86));
        assertThat(solved.get("hidden_story").toString()).contains("frost");
    }

    private String start(TurtleSoupGames games) {
        return (String) games.start(Optional.of("green-harvest"), Optional.empty()).get("game");
    }

    private TurtleSoupGames games(Host host) {
        return new TurtleSoupGames(new PuzzleBank(PuzzlePacks.bank()), host, folder, IDLE, clock);
    }
}
