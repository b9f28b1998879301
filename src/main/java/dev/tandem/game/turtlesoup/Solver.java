package dev.tandem.game.turtlesoup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The solver ({@code rules_solver}): an agent that plays a game against the host. Each move its model sees the
 * surface, every answer so far and its own hypotheses, and replies in JSON with its updated hypotheses and either a
 * question or a solution; it must propose a solution once its question budget is spent, and stops when solved or
 * after {@link #MAX_GUESSES} solutions. Its replies are parsed as strictly as the host's: one that does not parse
 * is asked for once more, then the play stops with an error.
 */
public final class Solver {

    static final int MAX_GUESSES = 3;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    private static final Set<String> FIELDS = Set.of("hypotheses", "action", "text");
    /** The text's length is checked by {@link #parse}: strict structured output takes no string length keywords. */
    static final Map<String, Object> MOVE_SCHEMA = Map.of("type", "object",
            "properties", Map.of(
                    "hypotheses", Map.of("type", "array", "maxItems", 5, "items", Map.of("type", "string")),
                    "action", Map.of("type", "string", "enum", List.of("ask", "guess")),
                    "text", Map.of("type", "string")),
            "required", List.of("hypotheses", "action", "text"), "additionalProperties", false);

    /** One move of the solver: what it believes and what it does. */
    record Move(List<String> hypotheses, String action, String text) {
    }

    /** How a self-play went: the game's own status (transcript, score, the story once ended) and the last beliefs. */
    public record Result(boolean solved, int questions, int guesses, List<String> hypotheses,
            Map<String, Object> game) {
    }

    private final HostModel model;
    private final int budget;

    /** @param budget the most questions it may ask */
    public Solver(HostModel model, int budget) {
        this.model = model;
        this.budget = budget;
    }

    /** Plays a started game to its end or to the solver's limits. */
    public Result play(TurtleSoupGames games, String gameId, String surface) {
        List<String> log = new ArrayList<>();
        List<String> hypotheses = List.of();
        int questions = 0;
        int guesses = 0;
        boolean solved = false;
        while (!solved && guesses < MAX_GUESSES) {
            Move move = next(surface, log, hypotheses, budget - questions);
            hypotheses = move.hypotheses();
            if ("ask".equals(move.action())) {
                questions++;
                Object label = games.ask(gameId, move.text()).get("answer");
                log.add("Q: " + move.text() + " -> " + label);
            } else {
                guesses++;
                Map<String, Object> outcome = games.guess(gameId, move.text());
                solved = "solved".equals(outcome.get("outcome"));
                log.add("Solution: " + move.text() + " -> " + outcome.get("outcome")
                        + ("close".equals(outcome.get("outcome")) ? " (" + outcome.get("key_facts_stated") + " of "
                                + outcome.get("key_facts_total") + " key facts)" : ""));
            }
        }
        return new Result(solved, questions, guesses, hypotheses, games.status(gameId));
    }

    private Move next(String surface, List<String> log, List<String> hypotheses, int questionsLeft) {
        String instructions = instructions(surface, log, hypotheses, questionsLeft);
        for (int attempt = 1; attempt <= 2; attempt++) {
            HostModel.Reply reply = model.ask(attempt == 1 ? instructions : instructions + "\n\nYour previous reply"
                    + " was not a single JSON object matching the schema. Reply with that JSON object only.",
                    "Your move.", MOVE_SCHEMA);
            // a question once the budget is spent is not a valid move either
            Optional<Move> move = parse(reply.text()).filter(m -> questionsLeft > 0 || "guess".equals(m.action()));
            if (move.isPresent()) {
                return move.get();
            }
        }
        throw new GameException(502, "The solver's language model twice gave no valid move; the self-play stopped.");
    }

    private static String instructions(String surface, List<String> log, List<String> hypotheses, int questionsLeft) {
        StringBuilder text = new StringBuilder("You are the player of a lateral-thinking puzzle (turtle soup). The"
                + " host knows the hidden story behind the surface story below and answers yes/no questions with"
                + " yes, no or irrelevant. Find out what really happened with as few questions as you can. Keep up"
                + " to five short hypotheses that fit every answer so far, drop the ones an answer rules out, and ask"
                + " the question that best tells them apart. When one hypothesis fits everything, propose it as the"
                + " solution (action \"guess\"), told as a short story of what happened and why.\n\nSurface story:\n")
                .append(surface).append("\n\nSo far:");
        if (log.isEmpty()) {
            text.append(" nothing asked yet.");
        }
        log.forEach(line -> text.append('\n').append(line));
        text.append("\n\nYour hypotheses so far: ").append(hypotheses.isEmpty() ? "none" : String.join(" | ", hypotheses));
        text.append(questionsLeft > 0 ? "\n\nQuestions left: " + questionsLeft + "."
                : "\n\nNo questions left: your action must be \"guess\".");
        return text.toString();
    }

    static Optional<Move> parse(String reply) {
        if (reply == null) {
            return Optional.empty();
        }
        String text = reply.strip();
        if (text.startsWith("```")) {
            text = text.replaceFirst("^```(?:json)?\\s*", "").replaceFirst("\\s*```$", "");
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject() || node.size() != FIELDS.size()
                    || !FIELDS.stream().allMatch(node::has)) {
                return Optional.empty();
            }
            JsonNode action = node.get("action");
            JsonNode said = node.get("text");
            JsonNode beliefs = node.get("hypotheses");
            if (!action.isTextual() || !Set.of("ask", "guess").contains(action.asText()) || !said.isTextual()
                    || said.asText().isBlank() || said.asText().length() > TurtleSoupGames.MAX_QUESTION
                    || !beliefs.isArray() || beliefs.size() > 5) {
                return Optional.empty();
            }
            List<String> hypotheses = new ArrayList<>();
            for (JsonNode h : beliefs) {
                if (!h.isTextual()) {
                    return Optional.empty();
                }
                hypotheses.add(h.asText());
            }
            return Optional.of(new Move(List.copyOf(hypotheses), action.asText(), said.asText()));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
