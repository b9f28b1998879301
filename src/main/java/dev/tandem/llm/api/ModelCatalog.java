package dev.tandem.llm.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.http.ApiException;
import dev.tandem.ingest.EmbeddingModels;
import dev.tandem.llm.BackendGate;
import dev.tandem.llm.Backends;
import dev.tandem.llm.ModelContext;
import dev.tandem.llm.plan.CompletionRequest;
import dev.tandem.llm.plan.Strategies;
import dev.tandem.llm.plan.Strategy;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}}: the hybrid model {@code tandem} and each backend on its
 * own, OpenAI-compatible, with each backend's {@link ModelContext} under {@code tandem}; and the in-process embedding
 * models of {@code POST /v1/embeddings}.
 */
public final class ModelCatalog {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "/v1/models/";

    private final Backends backends;
    private final Strategy defaultStrategy;
    private final List<String> embeddingModels;
    private final String indexingModel;
    private final long created = System.currentTimeMillis() / 1000;

    /** {@code indexingModel}: the embedding model the document index is built with. */
    public ModelCatalog(Backends backends, Strategy defaultStrategy, List<String> embeddingModels,
            String indexingModel) {
        this.backends = backends;
        this.defaultStrategy = defaultStrategy;
        this.embeddingModels = List.copyOf(embeddingModels);
        this.indexingModel = indexingModel;
    }

    public void list(Exchange exchange) throws JsonProcessingException {
        List<Map<String, Object>> data = new ArrayList<>();
        data.add(model(CompletionRequest.HYBRID_MODEL, "tandem"));
        backends.all().forEach(g -> data.add(model(g.backend().id(), g.backend().kind())));
        embeddingModels.forEach(id -> data.add(model(id, "tandem")));
        respond(exchange, Map.of("object", "list", "data", data));
    }

    /** The model named by the rest of the path: ids such as {@code bedrock/amazon.nova-lite-v1:0} contain slashes. */
    public void get(Exchange exchange) throws JsonProcessingException {
        String path = exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class);
        int at = path == null ? -1 : path.indexOf(PREFIX);
        String id = at < 0 ? "" : URLDecoder.decode(path.substring(at + PREFIX.length()), StandardCharsets.UTF_8);
        int query = id.indexOf('?');
        id = query < 0 ? id : id.substring(0, query);
        Map<String, Object> body;
        if (CompletionRequest.HYBRID_MODEL.equals(id)) {
            body = model(id, "tandem");
            Map<String, Object> hybrid = new LinkedHashMap<>();
            hybrid.put("default_strategy", defaultStrategy.name());
            hybrid.put("strategies", Strategies.NAMES);
            hybrid.put("backends", backends.all().stream().map(ModelCatalog::context).toList());
            body.put("tandem", hybrid);
        } else if (embeddingModels.contains(id)) {
            body = model(id, "tandem");
            body.put("tandem", Map.of("type", "embedding", "dimensions", EmbeddingModels.dimensions(id),
                    "indexes_documents", id.equals(indexingModel)));
        } else {
            String wanted = id;
            BackendGate gate = backends.byId(id).orElseThrow(() -> notFound(wanted));
            body = model(id, gate.backend().kind());
            body.put("tandem", context(gate));
        }
        respond(exchange, body);
    }

    /** OpenAI's 404 for a model id that names no backend. */
    static ApiException notFound(String id) {
        return new ApiException(404, "invalid_request_error", "model_not_found", "The model '" + id
                + "' does not exist: GET /v1/models lists the models this Tandem serves.");
    }

    static ModelContext context(BackendGate gate) {
        return ModelContext.of(gate.backend().describe(), gate.runtime());
    }

    private Map<String, Object> model(String id, String owner) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("object", "model");
        m.put("created", created);
        m.put("owned_by", owner);
        return m;
    }

    private static void respond(Exchange exchange, Object body) throws JsonProcessingException {
        Message out = exchange.getMessage();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(JSON.writeValueAsString(body));
    }
}
