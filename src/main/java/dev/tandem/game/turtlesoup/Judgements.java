package dev.tandem.game.turtlesoup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The two judgements a host model gives, their JSON Schemas, and their strict parsers. Each schema has the judgement
 * and {@code confidence}, the model's own rating from 0 to 1, which {@code local-first} reads to let the provider
 * judge what the local model is unsure of. A reply is accepted only when it is exactly one JSON object with exactly
 * those two fields and values the schema allows (a Markdown code fence around it is the one wrapping tolerated).
 * Anything else is no judgement: the host never reads meaning into free text.
 */
final class Judgements {

    static final Map<String, Object> LABEL_SCHEMA = schema("answer", Map.of("type", "string", "enum", Label.WORDS));
    private static final String CONFIDENCE = "confidence";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    private static final Pattern FENCED = Pattern.compile("(?s)```(?:json)?\\s*(.*?)\\s*```");

    private Judgements() {
    }

    /**
     * {@code {"covered": [numbers of the key facts the solution states]}}, numbers from 1 to {@code facts}, each once
     * (the parser checks that: {@code uniqueItems} is not among the keywords strict structured output accepts).
     */
    static Map<String, Object> coveredSchema(int facts) {
        return schema("covered", Map.of("type", "array",
                "items", Map.of("type", "integer", "minimum", 1, "maximum", facts)));
    }

    static Optional<Label> label(String reply) {
        return field(reply, "answer").filter(JsonNode::isTextual).flatMap(v -> Label.of(v.asText()));
    }

    static Optional<Set<Integer>> covered(String reply, int facts) {
        Optional<JsonNode> value = field(reply, "covered").filter(JsonNode::isArray);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Set<Integer> numbers = new TreeSet<>();
        for (JsonNode n : value.get()) {
            if (!n.isIntegralNumber() || n.asInt() < 1 || n.asInt() > facts || !numbers.add(n.asInt())) {
                return Optional.empty();
            }
        }
        return Optional.of(numbers);
    }

    private static Optional<JsonNode> field(String reply, String name) {
        if (reply == null) {
            return Optional.empty();
        }
        String text = reply.strip();
        Matcher fenced = FENCED.matcher(text);
        if (fenced.matches()) {
            text = fenced.group(1);
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject() || node.size() != 2 || !node.has(name) || !rated(node)) {
                return Optional.empty();
            }
            return Optional.of(node.get(name));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static boolean rated(JsonNode judgement) {
        JsonNode confidence = judgement.get(CONFIDENCE);
        return confidence != null && confidence.isNumber() && confidence.asDouble() >= 0 && confidence.asDouble() <= 1;
    }

    private static Map<String, Object> schema(String field, Map<String, Object> type) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(field, type);
        properties.put(CONFIDENCE, Map.of("type", "number", "minimum", 0, "maximum", 1));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", List.of(field, CONFIDENCE));
        schema.put("additionalProperties", false);
        return schema;
    }
}
