package dev.tandem.game.turtlesoup;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.llm.ChatMessage;
import dev.tandem.llm.ChatPrompt;
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
 * {@code ask} tool sends one, without document context. The JSON Schema is written into the instructions; once the
 * chat API takes {@code response_format: json_schema}, it moves into the request here and nowhere else changes.
 */
public final class HybridHostModel implements HostModel {

    static final String FLOW = "direct:llm-chat";
    private static final Logger LOG = LoggerFactory.getLogger(HybridHostModel.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A judgement is a few tokens; the local-first confidence line needs a few more. */
    private static final int MAX_TOKENS = 120;
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
        ChatPrompt prompt = new ChatPrompt(List.of(ChatMessage.system(instructions + "\n\nReply with one JSON object"
                + " that matches this JSON Schema and nothing else, no other text: " + json(schema)),
                ChatMessage.user(playerText)), MAX_TOKENS, 0.0);
        CompletionRequest request = new CompletionRequest(model, prompt, false, false, strategy, false, 0);
        Exchange done = producer.send(FLOW, exchange -> exchange.getMessage().setBody(request));
        PlanRun run = done.getProperty(PlanRun.PROPERTY, PlanRun.class);
        if (done.getException() != null || run == null) {
            LOG.warn("Turtle soup: the llm-chat flow failed", done.getException());
            throw new GameException(502, "The host's language model could not be asked; the server log has the"
                    + " details.");
        }
        BranchResult winner = run.winner().map(PlanRun.Winner::result).orElseThrow(() -> noModel(run));
        return new Reply(run.strategy().shown(winner), winner.backend().id());
    }

    /** Names each backend and how it failed, never what it said: a backend's text could quote the prompt. */
    private static GameException noModel(PlanRun run) {
        String why = run.failures().stream().map(r -> r.backend().id() + " " + r.outcome().replace('_', ' '))
                .collect(Collectors.joining(", "));
        return new GameException(503, "Turtle soup needs a language model to host the game, and none answered ("
                + (why.isEmpty() ? "no backend" : why) + ")." + CONFIGURE);
    }

    private static String json(Map<String, Object> schema) {
        try {
            return JSON.writeValueAsString(schema);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A judgement schema cannot be written as JSON", e);
        }
    }
}
