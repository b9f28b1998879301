package dev.tandem.llm.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.http.ApiException;
import dev.tandem.ingest.Embedder;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * {@code POST /v1/embeddings}, OpenAI-compatible, from the in-process embedding models: the vectors Tandem indexes
 * passages with (no query prefix), as JSON floats or as base64 of little-endian float32, with the tokenizer's count.
 */
public final class EmbeddingsApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> models;
    private final Function<String, Embedder> embedders;
    private final EmbeddingRequest.Limits limits;

    /** The models by id, each loaded by {@code embedders} when first asked for. */
    public EmbeddingsApi(List<String> models, Function<String, Embedder> embedders, EmbeddingRequest.Limits limits) {
        this.models = List.copyOf(models);
        this.embedders = embedders;
        this.limits = limits;
    }

    /** A request and its vectors. */
    public record Embedded(EmbeddingRequest request, Embedder.Vectors vectors) {
    }

    public void read(Exchange exchange) throws JsonProcessingException {
        Message in = exchange.getMessage();
        String body = in.getBody(String.class);
        EmbeddingRequest request = EmbeddingRequest.from(JSON.readTree(body == null ? "" : body), limits);
        if (!models.contains(request.model())) {
            throw new ApiException(404, "invalid_request_error", "model_not_found", "The embedding model '"
                    + request.model() + "' does not exist: Tandem's are " + String.join(", ", models)
                    + " (GET /v1/models).");
        }
        in.setBody(request);
    }

    /** All inputs in one batch call of the model. */
    public Embedded embed(EmbeddingRequest request) {
        Embedder embedder = embedders.apply(request.model());
        request.dimensions().filter(d -> d != embedder.dimensions()).ifPresent(d -> {
            throw EmbeddingRequest.invalid("dimensions", "unsupported_value", "The model '" + request.model()
                    + "' gives " + embedder.dimensions() + "-dimensional vectors and was not trained to be shortened,"
                    + " so it cannot give " + d + ": leave 'dimensions' out or send " + embedder.dimensions() + ".");
        });
        try {
            return new Embedded(request, embedder.embedBatch(request.inputs()));
        } catch (RuntimeException e) { // in a batch, the model wraps the failure of one text in its own exception
            throw unreadableInput(embedder, request.inputs(), e);
        }
    }

    /**
     * The model refuses a text of which its tokenizer keeps nothing (empty, spaces, control or zero-width characters)
     * without saying which; embedding the texts one by one finds it, so the caller learns which input to fix. A failure
     * no single text explains is Tandem's own and goes on as it was.
     */
    private static RuntimeException unreadableInput(Embedder embedder, List<String> inputs, RuntimeException cause) {
        for (int i = 0; i < inputs.size(); i++) {
            try {
                embedder.embedBatch(List.of(inputs.get(i)));
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                return EmbeddingRequest.invalid("input", "invalid_value", "'input[" + i + "]' has no text the model"
                        + " can read: it is empty or holds only spaces, control or zero-width characters.");
            }
        }
        return cause;
    }

    public void write(Exchange exchange, Embedded embedded) throws JsonProcessingException {
        List<Map<String, Object>> data = new ArrayList<>(embedded.vectors().vectors().size());
        for (float[] vector : embedded.vectors().vectors()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("object", "embedding");
            item.put("index", data.size());
            item.put("embedding", embedded.request().base64() ? base64(vector) : vector);
            data.add(item);
        }
        int tokens = embedded.vectors().tokens();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "list");
        body.put("data", data);
        body.put("model", embedded.request().model());
        body.put("usage", Map.of("prompt_tokens", tokens, "total_tokens", tokens));
        Message out = exchange.getMessage();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(JSON.writeValueAsString(body));
    }

    /** OpenAI's base64 form, which its SDKs decode as little-endian float32. */
    static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
