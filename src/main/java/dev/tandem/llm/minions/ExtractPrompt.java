package dev.tandem.llm.minions;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.llm.ChatMessage;
import dev.tandem.llm.ChatOptions;
import dev.tandem.llm.ChatPrompt;
import dev.tandem.llm.ResponseFormat;
import dev.tandem.llm.ToolChoice;

/**
 * What the local model is asked about one piece: copy the sentences that help answer the question, as JSON naming
 * the source of each. Word-for-word quotes, so that {@link ExtractAnswer} can check each against its source.
 */
final class ExtractPrompt {

    static final String INSTRUCTION = "You read one part of a long context for another model, which will answer the"
            + " question from what you pass on and will not see the rest. Copy word for word every sentence of the"
            + " sources below that helps answer the question: facts, figures, names, findings, and anything that"
            + " contradicts the question. Reply with JSON only: {\"extracts\": [{\"source\": <the source's number>,"
            + " \"quote\": \"<a sentence copied exactly>\"}]}. Reply {\"extracts\": []} when nothing here helps.";

    private static final JsonNode SCHEMA = schema();
    private static final ChatOptions JSON_ANSWER = new ChatOptions(List.of(), ToolChoice.AUTO, null,
            new ResponseFormat("json_schema", "extracts", SCHEMA, true), List.of(), null, null);

    private ExtractPrompt() {
    }

    static ChatPrompt of(String question, Piece piece) {
        StringBuilder text = new StringBuilder("Question: ").append(question).append("\n\nSources:\n");
        for (Piece.Part part : piece.parts()) {
            text.append("\n[").append(part.source()).append("] ")
                    .append(part.title() == null ? "" : part.title()).append('\n').append(part.text()).append('\n');
        }
        return new ChatPrompt(List.of(ChatMessage.system(INSTRUCTION), ChatMessage.user(text.toString())), null,
                0.0, JSON_ANSWER);
    }

    private static JsonNode schema() {
        try {
            return new ObjectMapper().readTree("""
                    {"type": "object", "required": ["extracts"], "additionalProperties": false,
                     "properties": {"extracts": {"type": "array", "items": {
                       "type": "object", "required": ["source", "quote"], "additionalProperties": false,
                       "properties": {"source": {"type": "integer"}, "quote": {"type": "string"}}}}}}
                    """);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
