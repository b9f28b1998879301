package dev.tandem.game.turtlesoup;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host as a language model: each judgement asked in JSON and parsed strictly; a reply that does not parse is
 * asked for once more, and a second one that does not parse is an error, never a guess.
 */
public final class LlmHost implements Host {

    private static final Logger LOG = LoggerFactory.getLogger(LlmHost.class);

    private static final String REMINDER = "\n\nYour previous reply was not a single JSON object matching the"
            + " schema. Reply with that JSON object only.";

    private final HostModel model;

    public LlmHost(HostModel model) {
        this.model = model;
    }

    @Override
    public Label answer(Puzzle puzzle, String question) {
        return judged(HostPrompts.question(puzzle), "Question: " + question, Judgements.LABEL_SCHEMA,
                Judgements::label, puzzle);
    }

    @Override
    public int factsStated(Puzzle puzzle, String solution) {
        int facts = HostPrompts.factsToJudge(puzzle).size();
        Set<Integer> covered = judged(HostPrompts.solution(puzzle), "Proposed solution: " + solution,
                Judgements.coveredSchema(facts), reply -> Judgements.covered(reply, facts), puzzle);
        return covered.size();
    }

    private <T> T judged(String instructions, String playerText, Map<String, Object> schema,
            Function<String, Optional<T>> parser, Puzzle puzzle) {
        for (int attempt = 1; attempt <= 2; attempt++) {
            HostModel.Reply reply = model.ask(attempt == 1 ? instructions : instructions + REMINDER, playerText,
                    schema);
            Optional<T> judgement = parser.apply(reply.text());
            if (judgement.isPresent()) {
                return judgement.get();
            }
            // the reply itself stays out of the log: it may quote the hidden story
            LOG.warn("Turtle soup: {} gave no valid judgement for puzzle {} (attempt {} of 2, {} characters)",
                    reply.backend(), puzzle.id(), attempt, reply.text() == null ? 0 : reply.text().length());
        }
        throw new GameException(502, "The host's language model twice gave no valid judgement, so this turn was"
                + " not counted. Try again, or rephrase it.");
    }
}
