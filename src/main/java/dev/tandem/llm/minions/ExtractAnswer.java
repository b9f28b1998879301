package dev.tandem.llm.minions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The local model's answer for one piece, checked: JSON of the asked shape, each extract citing a source of the
 * piece and quoting it (case and spacing aside). Anything else is a {@code problem}, and the piece then goes on
 * whole: an extract that cannot be traced to its source is not passed off as one.
 */
record ExtractAnswer(List<Extract> extracts, String problem) {

    private static final ObjectMapper JSON = new ObjectMapper();

    boolean valid() {
        return problem == null;
    }

    static ExtractAnswer read(String text, Piece piece) {
        if (text == null || text.isBlank()) {
            return invalid("an empty answer");
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(text.strip());
        } catch (JsonProcessingException e) {
            return invalid("an answer that is not JSON");
        }
        JsonNode items = answer == null ? null : answer.get("extracts");
        if (items == null || !items.isArray()) {
            return invalid("JSON without an \"extracts\" array");
        }
        List<Extract> extracts = new ArrayList<>();
        for (JsonNode item : items) {
            JsonNode source = item.path("source");
            JsonNode quote = item.path("quote");
            if (!source.isIntegralNumber() || !quote.isTextual() || quote.asText().isBlank()) {
                return invalid("an extract without a source number and a quote");
            }
            if (!piece.sources().contains(source.asInt())) {
                return invalid("an extract citing [" + source.asInt() + "], a source this piece does not hold");
            }
            if (!normalized(piece.textOf(source.asInt())).contains(normalized(quote.asText()))) {
                return invalid("an extract that is not a quote of source [" + source.asInt() + "]");
            }
            extracts.add(new Extract(source.asInt(), quote.asText().strip()));
        }
        return new ExtractAnswer(extracts, null);
    }

    private static ExtractAnswer invalid(String problem) {
        return new ExtractAnswer(List.of(), problem);
    }

    private static String normalized(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    }
}
