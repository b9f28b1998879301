package dev.tandem.game.turtlesoup;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.llm.BackendException;
import dev.tandem.llm.ChatMessage;
import dev.tandem.llm.ChatOptions;
import dev.tandem.llm.ChatPrompt;
import dev.tandem.llm.ResponseFormat;
import dev.tandem.llm.ToolChoice;
import dev.tandem.llm.plan.BranchResult;
import dev.tandem.llm.plan.CompletionRequest;
import dev.tandem.llm.plan.PlanRun;
import dev.tandem.llm.plan.Strategy;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's one way to the hybrid LLM: a {@link CompletionRequest} through the {@code llm-chat} flow, as the
 * {@code ask} tool sends one, without document context, asking for structured output ({@code json_schema}, strict)
 * with the judgement's schema. The flow checks each answer against it, so under {@code local-first} a local answer
 * that breaks the schema, or rates its confidence too low, goes to the provider. When no model answers in the
 * schema, the reply has no text: the host asks once more, then reports an error.
 */
public final class HybridHostModel implements HostModel {

    static final String FLOW = "direct:llm-chat";
    private static final Logger LOG = LoggerFactory.getLogger(HybridHostModel.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A judgement and its confidence are a few tokens; a player's move is a sentence or two more. */
    private static final int MAX_TOKENS = 120;
    /** The name structured output gives the schema (OpenAI's {@code json_schema.name}). */
    private static final String SCHEMA_NAME = "turtle_soup_reply";
    private static final String CONFIGURE = " Run Ollama and set TANDEM_OLLAMA_URL and TANDEM_OLLAMA_MODEL, or set"
            + " TANDEM_PROVIDER=bedrock|openai (see the README).";

    private final ProducerTemplate producer;
    private final String model;
    private final Strategy strategy;

    /**
     * @param model    {@code tandem} for the pair under {@code strategy}, or one backend's id (strategy unused)
     */
    public HybridHostModel(ProducerTemplate producer, String model, Strategy strategy) {
        this.producer = producer;
        this.model = model;
        this.strategy = strategy;
    }

    @Override
    public Reply ask(String instructions, String playerText, Map<String, Object> schema) {
        ChatOptions structured = new ChatOptions(List.of(), ToolChoice.AUTO, null,
                new ResponseFormat("json_schema", SCHEMA_NAME, JSON.valueToTree(schema), true), List.of(), null, null);
        ChatPrompt prompt = new ChatPrompt(List.of(ChatMessage.system(instructions), ChatMessage.user(playerText)),
                MAX_TOKENS, 0.0, structured);
        CompletionRequest request = new CompletionRequest(model, prompt, false, false, strategy, false, 0);
        Exchange done = producer.send(FLOW, exchange -> exchange.getMessage().setBody(request));
        PlanRun run = done.getProperty(PlanRun.PROPERTY, PlanRun.class);
        if (done.getException() != null || run == null) {
            LOG.warn("Turtle soup: the llm-chat flow failed", done.getException());
            throw new GameException(502, "The host's language model could not be asked; the server log has the"
                    + " details.");
        }
        Optional<BranchResult> winner = run.winner().map(PlanRun.Winner::result);
        if (winner.isPresent()) {
            return new Reply(run.strategy().shown(winner.get()), winner.get().backend().id());
        }
        List<BranchResult> invalid = run.failures().stream()
                .filter(r -> r.failure().kind() == BackendException.Kind.INVALID).toList();
        if (invalid.isEmpty()) {
            throw noModel(run);
        }
        return new Reply(null, invalid.stream().map(r -> r.backend().id()).collect(Collectors.joining(", ")));
    }

    /** Names each backend and how it failed, never what it said: a backend's text could quote the prompt. */
    private static GameException noModel(PlanRun run) {
        String why = run.failures().stream().map(r -> r.backend().id() + " " + r.outcome().replace('_', ' '))
                .collect(Collectors.joining(", "));
        return new GameException(503, "Turtle soup needs a language model to host the game, and none answered ("
                + (why.isEmpty() ? "no backend" : why) + ")." + CONFIGURE);
    }
}
