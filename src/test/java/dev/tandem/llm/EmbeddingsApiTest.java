package dev.tandem.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.NotFoundException;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.tandem.RunningTandem;
import dev.tandem.ingest.Embedder;
import dev.tandem.ingest.EmbeddingModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /v1/embeddings} over HTTP: the in-process models' own vectors, in OpenAI's shapes and errors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddingsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MINILM = EmbeddingModels.ALL_MINILM_L6_V2_Q;
    private static final String BGE = EmbeddingModels.BGE_SMALL_EN_V15_Q;
    private static final List<String> TEXTS = List.of("High tide at the harbour is at 06:40 on Sundays.",
            "Rotate the keys every ninety days.", "naïve café — ünïcödé ✓");

    @TempDir
    static Path work;
    private RunningTandem tandem;

    @BeforeAll
    void start() throws Exception {
        tandem = RunningTandem.start(work.resolve("inbox"), work.resolve("data"), Map.of(
                "tandem.embeddings.max.inputs", "4",
                "tandem.embeddings.max.chars", "300"));
    }

    @AfterAll
    void stop() throws Exception {
        tandem.close();
    }

    @Test
    void should_answer_a_batch_with_the_vectors_of_the_in_process_model_in_order() throws Exception {
        JsonNode body = ok(embeddings(Map.of("model", MINILM, "input", TEXTS)));

        assertThat(body.get("object").asText()).isEqualTo("list");
        assertThat(body.get("model").asText()).isEqualTo(MINILM);
        List<float[]> expected = EmbeddingModels.create(MINILM).embedPassages(TEXTS);
        assertThat(body.get("data")).hasSize(3);
        for (int i = 0; i < TEXTS.size(); i++) {
            JsonNode item = body.get("data").get(i);
            assertThat(item.get("object").asText()).isEqualTo("embedding");
            assertThat(item.get("index").asInt()).isEqualTo(i);
            assertThat(floats(item.get("embedding"))).containsExactly(expected.get(i));
        }
    }

    @Test
    void should_answer_a_single_string_with_one_vector_of_the_model_named() throws Exception {
        JsonNode body = ok(embeddings(Map.of("model", BGE, "input", TEXTS.get(1))));

        assertThat(body.get("data")).hasSize(1);
        assertThat(floats(body.at("/data/0/embedding")))
                .containsExactly(EmbeddingModels.create(BGE).embedPassages(List.of(TEXTS.get(1))).get(0));
    }

    @Test
    void should_encode_base64_as_little_endian_float32() throws Exception {
        JsonNode body = ok(embeddings(Map.of("model", MINILM, "input", TEXTS, "encoding_format", "base64")));

        List<float[]> expected = EmbeddingModels.create(MINILM).embedPassages(TEXTS);
        for (int i = 0; i < TEXTS.size(); i++) {
            ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(body.at("/data/" + i + "/embedding").asText()))
                    .order(ByteOrder.LITTLE_ENDIAN);
            float[] decoded = new float[bytes.remaining() / Float.BYTES];
            bytes.asFloatBuffer().get(decoded);
            assertThat(decoded).containsExactly(expected.get(i));
        }
    }

    @Test
    void should_give_the_official_openai_sdk_the_same_vectors_as_floats_and_as_base64() throws Exception {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(tandem.baseUrl() + "/v1").apiKey("unused")
                .maxRetries(0).build();
        try {
            List<float[]> expected = EmbeddingModels.create(MINILM).embedPassages(TEXTS);
            for (EmbeddingCreateParams.EncodingFormat format : List.of(EmbeddingCreateParams.EncodingFormat.FLOAT,
                    EmbeddingCreateParams.EncodingFormat.BASE64)) {
                CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder()
                        .model(MINILM).inputOfArrayOfStrings(TEXTS).encodingFormat(format).build());
                assertThat(response.data()).hasSize(TEXTS.size());
                for (int i = 0; i < TEXTS.size(); i++) {
                    float[] vector = new float[expected.get(i).length];
                    List<Float> got = response.data().get(i).embedding();
                    assertThat(got).as(format.toString()).hasSize(vector.length);
                    for (int j = 0; j < vector.length; j++) {
                        vector[j] = got.get(j);
                    }
                    assertThat(vector).as(format.toString()).containsExactly(expected.get(i));
                }
                assertThat(response.usage().promptTokens()).isPositive();
            }
            assertThatThrownBy(() -> client.embeddings().create(EmbeddingCreateParams.builder()
                    .model("text-embedding-3-small").input("tide").build()))
                    .isInstanceOfSatisfying(NotFoundException.class,
                            e -> assertThat(e.code()).contains("model_not_found"));
        } finally {
            client.close();
        }
    }

    @Test
    void should_count_usage_with_the_model_tokenizer() throws Exception {
        JsonNode body = ok(embeddings(Map.of("model", MINILM, "input", List.of("hello world", "The quick brown fox"))));

        // the tokenizer makes [hello, world] and [the, quick, brown, fox], without the special tokens
        assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(6);
        assertThat(body.at("/usage/total_tokens").asInt()).isEqualTo(6);
    }

    @Test
    void should_accept_dimensions_equal_to_the_model_and_refuse_shortening() throws Exception {
        Embedder model = EmbeddingModels.create(MINILM);
        ok(embeddings(Map.of("model", MINILM, "input", "tide", "dimensions", model.dimensions())));

        assertError(embeddings(Map.of("model", MINILM, "input", "tide", "dimensions", 128)), 400, "unsupported_value",
                "384-dimensional");
    }

    @Test
    void should_list_the_embedding_models_in_v1_models() throws Exception {
        JsonNode list = tandem.getJson("/v1/models");
        assertThat(list.get("data").findValuesAsText("id")).contains(MINILM, BGE);

        JsonNode model = tandem.getJson("/v1/models/" + BGE);
        assertThat(model.get("object").asText()).isEqualTo("model");
        assertThat(model.get("owned_by").asText()).isEqualTo("tandem");
        assertThat(model.at("/tandem/type").asText()).isEqualTo("embedding");
        assertThat(model.at("/tandem/dimensions").asInt()).isEqualTo(384);
        assertThat(model.at("/tandem/indexes_documents").asBoolean()).isFalse();
        assertThat(tandem.getJson("/v1/models/" + MINILM).at("/tandem/indexes_documents").asBoolean()).isTrue();
    }

    @Test
    void should_answer_404_model_not_found_for_a_model_that_is_not_an_embedding_model() throws Exception {
        assertError(embeddings(Map.of("model", "text-embedding-3-small", "input", "tide")), 404, "model_not_found",
                "all-minilm-l6-v2-q");
        assertError(embeddings(Map.of("model", "tandem", "input", "tide")), 404, "model_not_found", "GET /v1/models");
    }

    @Test
    void should_refuse_token_arrays_with_a_clear_400() throws Exception {
        assertError(embeddings(Map.of("model", MINILM, "input", List.of(101, 7592, 102))), 400, "unsupported_value",
                "token ids");
        assertError(embeddings(Map.of("model", MINILM, "input", List.of(List.of(101, 7592)))), 400,
                "unsupported_value", "token ids");
    }

    @Test
    void should_refuse_more_inputs_or_characters_than_the_limits() throws Exception {
        assertError(embeddings(Map.of("model", MINILM, "input", List.of("a", "b", "c", "d", "e"))), 400,
                "too_many_inputs", "TANDEM_EMBEDDINGS_MAX_INPUTS");
        assertError(embeddings(Map.of("model", MINILM, "input", "x".repeat(301))), 400, "input_too_long",
                "TANDEM_EMBEDDINGS_MAX_CHARS");
    }

    @Test
    void should_name_the_input_the_model_cannot_read() throws Exception {
        assertError(embeddings(Map.of("model", MINILM, "input", List.of("tide", "\u200b"))), 400, "invalid_value",
                "'input[1]' has no text");
        assertError(embeddings(Map.of("model", MINILM, "input", List.of("  ", "tide"))), 400, "invalid_value",
                "'input[0]' has no text");
    }

    @Test
    void should_refuse_malformed_requests_with_400() throws Exception {
        assertError(embeddings(Map.of("input", "tide")), 400, "invalid_value", "'model' is required");
        assertError(embeddings(Map.of("model", MINILM)), 400, "invalid_value", "'input' is required");
        assertError(embeddings(Map.of("model", MINILM, "input", List.of())), 400, "invalid_value", "non-empty");
        assertError(embeddings(Map.of("model", MINILM, "input", List.of("tide", 3.5))), 400, "invalid_value",
                "'input[1]' must be a string");
        assertError(embeddings(Map.of("model", MINILM, "input", "tide", "encoding_format", "int8")), 400,
                "invalid_value", "encoding_format");
        assertError(tandem.post("/v1/embeddings", "application/json", "[1, 2]"), 400, "invalid_value",
                "JSON object");
    }

    private HttpResponse<String> embeddings(Map<String, Object> request) throws Exception {
        return tandem.post("/v1/embeddings", "application/json", JSON.writeValueAsString(request));
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static void assertError(HttpResponse<String> response, int status, String code, String message)
            throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).contains(message);
    }

    private static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).floatValue();
        }
        return values;
    }
}
