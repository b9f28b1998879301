package dev.tandem.game.turtlesoup;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.http.ApiException;
import dev.tandem.http.InvalidRequestException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * {@code /api/games/turtle-soup}: the game over plain HTTP, as JSON; the game id comes from the path ({@code game}
 * header), the rest from the JSON body or the query. A game's refusal keeps its status (400, 404, 409, 502, 503).
 */
public final class TurtleSoupHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TurtleSoupGames games;

    public TurtleSoupHttp(TurtleSoupGames games) {
        this.games = games;
    }

    public void puzzles(Exchange exchange) throws JsonProcessingException {
        respond(exchange, 200, () -> Map.of("puzzles", games.puzzles(Optional.ofNullable(
                exchange.getMessage().getHeader("language", String.class)).filter(s -> !s.isBlank()))));
    }

    public void start(Exchange exchange) throws JsonProcessingException {
        JsonNode body = body(exchange);
        respond(exchange, 201, () -> games.start(optional(body, "puzzle"), optional(body, "language")));
    }

    public void ask(Exchange exchange) throws JsonProcessingException {
        JsonNode body = body(exchange);
        respond(exchange, 200, () -> games.ask(game(exchange), text(body, "question")));
    }

    public void guess(Exchange exchange) throws JsonProcessingException {
        JsonNode body = body(exchange);
        respond(exchange, 200, () -> games.guess(game(exchange), text(body, "solution")));
    }

    public void hint(Exchange exchange) throws JsonProcessingException {
        respond(exchange, 200, () -> games.hint(game(exchange)));
    }

    public void giveUp(Exchange exchange) throws JsonProcessingException {
        respond(exchange, 200, () -> games.giveUp(game(exchange)));
    }

    public void status(Exchange exchange) throws JsonProcessingException {
        respond(exchange, 200, () -> games.status(game(exchange)));
    }

    private static String game(Exchange exchange) {
        return exchange.getMessage().getHeader("game", String.class);
    }

    private static JsonNode body(Exchange exchange) throws JsonProcessingException {
        String text = exchange.getMessage().getBody(String.class);
        JsonNode body = text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
        if (!body.isObject()) {
            throw new InvalidRequestException("The body must be a JSON object.");
        }
        return body;
    }

    private static Optional<String> optional(JsonNode body, String field) {
        return Optional.ofNullable(text(body, field)).filter(s -> !s.isBlank());
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidRequestException(field, "'" + field + "' must be a string.");
        }
        return value.asText();
    }

    private static void respond(Exchange exchange, int status, Supplier<Object> action)
            throws JsonProcessingException {
        Object result;
        try {
            result = action.get();
        } catch (GameException e) {
            String type = e.status() >= 500 ? "server_error" : "invalid_request_error";
            throw new ApiException(e.status(), type, code(e.status()), e.getMessage());
        }
        Message out = exchange.getMessage();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(JSON.writeValueAsString(result));
    }

    private static String code(int status) {
        return switch (status) {
            case 404 -> "not_found";
            case 409 -> "game_over";
            case 502 -> "host_error";
            case 503 -> "model_unavailable";
            default -> "invalid_request";
        };
    }
}
