package dev.tandem.game.turtlesoup;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import dev.tandem.config.InvalidSettingException;
import dev.tandem.config.ProjectConfiguration;
import dev.tandem.llm.plan.CompletionRequest;
import dev.tandem.llm.plan.Strategies;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the turtle-soup game for {@code tools-game.camel.yaml} and {@code games.camel.yaml}: the puzzle bank and
 * packs, the host on the hybrid LLM, and the games stored under {@code <data dir>/games/turtle-soup}.
 */
public final class TurtleSoupConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(TurtleSoupConfiguration.class);

    @Override
    public void configure(CamelContext context) {
        TurtleSoupSettings settings = TurtleSoupSettings.read(key -> context.getPropertiesComponent()
                .resolveProperty(key));
        List<Puzzle> puzzles = new ArrayList<>(PuzzlePacks.bank());
        for (Path pack : settings.packs()) {
            try {
                puzzles.addAll(PuzzlePacks.read(pack));
            } catch (RuntimeException e) {
                throw new InvalidSettingException("Setting " + ProjectConfiguration.environmentName(
                        TurtleSoupSettings.PACKS) + ": " + e.getMessage());
            }
        }
        PuzzleBank bank = new PuzzleBank(puzzles);
        Host host = new LlmHost(new HybridHostModel(context.createProducerTemplate(), CompletionRequest.HYBRID_MODEL,
                Strategies.named(settings.strategy())));
        Path folder = context.getRegistry().findSingleByType(ProjectConfiguration.class).dataDir()
                .resolve("games").resolve("turtle-soup");
        TurtleSoupGames games = new TurtleSoupGames(bank, host, folder, settings.idle(), Clock.systemUTC());
        context.getRegistry().bind("turtleSoupGames", games);
        context.getRegistry().bind("turtleSoupTools", new TurtleSoupTools(games));
        context.getRegistry().bind("turtleSoupHttp", new TurtleSoupHttp(games));
        LOG.info("Turtle soup: {} puzzles ({}), host strategy {}, games in {}", puzzles.size(),
                String.join(", ", bank.languages()), settings.strategy(), folder);
    }
}
