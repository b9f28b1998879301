package dev.tandem.llm.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.http.ApiException;

/**
 * An OpenAI {@code POST /v1/embeddings} request as Tandem serves it: the texts, the model's id, whether vectors go
 * back as base64, and the {@code dimensions} asked for, if any. Unknown fields (such as {@code user}) are ignored.
 */
public record EmbeddingRequest(String model, List<String> inputs, boolean base64, Optional<Integer> dimensions) {

    /** The most inputs and the most characters (all inputs together) one request may carry. */
    public record Limits(int maxInputs, int maxChars) {
    }

    static EmbeddingRequest from(JsonNode body, Limits limits) {
        if (body == null || !body.isObject()) {
            throw invalid(null, "invalid_value",
                    "The body must be a JSON object such as {\"model\": \"all-minilm-l6-v2-q\","
                    + " \"input\": \"text\"}.");
        }
        JsonNode model = body.path("model");
        if (!model.isTextual() || model.asText().isBlank()) {
            throw invalid("model", "invalid_value",
                    "'model' is required: the id of an embedding model GET /v1/models lists.");
        }
        List<String> inputs = inputs(body.path("input"));
        checkLimits(inputs, limits);
        return new EmbeddingRequest(model.asText(), inputs, base64(body.path("encoding_format")),
                dimensions(body.path("dimensions")));
    }

    private static List<String> inputs(JsonNode input) {
        if (input.isTextual()) {
            return List.of(input.asText());
        }
        if (!input.isArray() || input.isEmpty()) {
            throw invalid("input", "invalid_value", "'input' is required: a string or a non-empty array of strings.");
        }
        List<String> texts = new ArrayList<>(input.size());
        for (JsonNode element : input) {
            if (element.isIntegralNumber() || element.isArray()) {
                throw invalid("input", "unsupported_value",
                        "'input' as token ids is not supported: Tandem's models read"
                        + " text with their own tokenizers, so send the text as a string or an array of strings.");
            }
            if (!element.isTextual()) {
                throw invalid("input", "invalid_value", "'input[" + texts.size() + "]' must be a string.");
            }
            texts.add(element.asText());
        }
        return List.copyOf(texts);
    }

    private static void checkLimits(List<String> inputs, Limits limits) {
        if (inputs.size() > limits.maxInputs()) {
            throw invalid("input", "too_many_inputs",
                    "'input' has " + inputs.size() + " texts; one request takes at most "
                    + limits.maxInputs() + " (TANDEM_EMBEDDINGS_MAX_INPUTS): send them in smaller batches.");
        }
        long chars = inputs.stream().mapToLong(s -> s.codePointCount(0, s.length())).sum();
        if (chars > limits.maxChars()) {
            throw invalid("input", "input_too_long",
                    "'input' has " + chars + " characters in all; one request takes at most "
                    + limits.maxChars() + " (TANDEM_EMBEDDINGS_MAX_CHARS): send fewer or shorter texts.");
        }
    }

    private static boolean base64(JsonNode format) {
        if (format.isMissingNode() || format.isNull()) {
            return false;
        }
        return switch (format.isTextual() ? format.asText() : "") {
            case "float" -> false;
            case "base64" -> true;
            default -> throw invalid("encoding_format", "invalid_value",
                    "'encoding_format' must be \"float\" or \"base64\".");
        };
    }

    private static Optional<Integer> dimensions(JsonNode dimensions) {
        if (dimensions.isMissingNode() || dimensions.isNull()) {
            return Optional.empty();
        }
        if (!dimensions.isIntegralNumber() || !dimensions.canConvertToInt() || dimensions.asInt() < 1) {
            throw invalid("dimensions", "invalid_value", "'dimensions' must be a whole number of at least 1.");
        }
        return Optional.of(dimensions.asInt());
    }

    static ApiException invalid(String param, String code, String message) {
        return ApiException.about(param, 400, "invalid_request_error", code, message);
    }
}
