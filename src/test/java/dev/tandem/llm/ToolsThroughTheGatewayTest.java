package dev.tandem.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RunningTandem;
import dev.tandem.llm.emulator.EmulatedTandem;
import dev.tandem.llm.emulator.OllamaEmulator;
import dev.tandem.llm.emulator.OpenAiEmulator;
import dev.tandem.llm.emulator.Reply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Function calling and structured answers over {@code /v1/chat/completions}, as an OpenAI client sees them, against
 * the Ollama (local) and OpenAI (provider) emulators: OpenAI's answer shape, streamed tool call chunks, and each
 * strategy's rule for an invalid tool call or JSON answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ToolsThroughTheGatewayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROVIDER_ID = "openai/gpt-test";
    private static final String LOCAL_ID = "ollama/llama3.2";
    private static final String VALID = "{\"city\":\"Oslo\"}";

    @RegisterExtension
    static final EmulatedTandem models = EmulatedTandem.withProviderKey("sk-tools-test").settings(Map.of(
            "tandem.llm.provider.timeout.ms", "5000",
            "tandem.llm.local.timeout.ms", "5000")).resetBeforeEach().checkRequestsAfterEach();
    private final OllamaEmulator ollama = models.ollama();
    private final OpenAiEmulator openai = models.openai();
    private final RunningTandem tandem = models.tandem();

    @BeforeEach
    void validCallsByDefault() {
        ollama.respond(r -> Reply.toolCall("get_weather", "{\"city\":\"Oslo\",\"days\":1}"));
        openai.respond(r -> Reply.toolCall("get_weather", VALID));
    }

    @Test
    void should_answer_a_tool_call_in_openais_shape_naming_the_backend_that_answered() throws Exception {
        JsonNode body = ok(chat(request("hedge")));

        JsonNode message = body.at("/choices/0/message");
        assertThat(message.get("role").asText()).isEqualTo("assistant");
        assertThat(message.get("content").isNull()).isTrue();
        JsonNode call = message.at("/tool_calls/0");
        assertThat(call.get("id").asText()).isNotBlank();
        assertThat(call.get("type").asText()).isEqualTo("function");
        assertThat(call.at("/function/name").asText()).isEqualTo("get_weather");
        assertThat(JSON.readTree(call.at("/function/arguments").asText())).isEqualTo(JSON.readTree(VALID));
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(body.get("model").asText()).isEqualTo(PROVIDER_ID);
        assertThat(body.at("/usage/total_tokens").asLong()).isPositive();
    }

    @Test
    void should_let_the_local_call_win_in_hedge_when_the_provider_calls_a_tool_that_was_not_offered()
            throws Exception {
        openai.respond(r -> Reply.toolCall("delete_everything", "{}"));

        JsonNode body = ok(chat(request("hedge")));

        assertThat(body.get("model").asText()).isEqualTo(LOCAL_ID);
        assertThat(body.at("/choices/0/message/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
        assertThat(steps(body)).contains("provider:invalid", "local:won");
        assertThat(failureOf(body, "provider")).contains("'delete_everything', which was not offered");
    }

    @Test
    void should_let_the_provider_win_a_race_when_the_faster_local_call_breaks_the_schema() throws Exception {
        ollama.respond(r -> Reply.toolCall("get_weather", "{\"town\":\"Oslo\"}"));
        openai.respond(r -> Reply.toolCall("get_weather", VALID).after(java.time.Duration.ofMillis(300)));

        JsonNode body = ok(chat(request("race")));

        assertThat(body.get("model").asText()).isEqualTo(PROVIDER_ID);
        assertThat(steps(body)).contains("local:invalid", "provider:won");
        assertThat(failureOf(body, "local")).contains("break its schema").contains("city");
    }

    @Test
    void should_fall_back_to_the_local_call_in_provider_first_when_the_provider_arguments_are_not_json()
            throws Exception {
        openai.respond(r -> Reply.toolCall("get_weather", "{\"city\": Oslo"));

        JsonNode body = ok(chat(request("provider-first")));

        assertThat(body.get("model").asText()).isEqualTo(LOCAL_ID);
        assertThat(steps(body)).contains("provider:invalid", "local:won");
    }

    @Test
    void should_escalate_an_invalid_local_call_in_local_first_and_keep_a_valid_one() throws Exception {
        ollama.respond(r -> Reply.toolCall("get_weather", "not json"));
        JsonNode escalated = ok(chat(request("local-first")));
        assertThat(escalated.get("model").asText()).isEqualTo(PROVIDER_ID);
        assertThat(steps(escalated)).contains("local:invalid", "provider:won");

        ollama.respond(r -> Reply.toolCall("get_weather", VALID));
        openai.reset();
        JsonNode kept = ok(chat(request("local-first")));
        assertThat(kept.get("model").asText()).isEqualTo(LOCAL_ID);
        assertThat(openai.requestCount()).isZero();
        // no confidence instruction: it would break a tool call or a JSON answer
        assertThat(ollama.requests().get(0).body().toString()).doesNotContain("Confidence");
    }

    @Test
    void should_return_the_providers_call_in_fuse_and_say_whether_the_models_agreed() throws Exception {
        JsonNode disagreeing = ok(chat(request("fuse")));
        assertThat(disagreeing.get("model").asText()).isEqualTo(PROVIDER_ID);
        assertThat(disagreeing.at("/tandem/structured_answers_agree").asBoolean()).isFalse();
        assertThat(steps(disagreeing)).doesNotContain("merge:ok", "merge:won");

        ollama.respond(r -> Reply.toolCall("get_weather", "{ \"city\" : \"Oslo\" }"));
        JsonNode agreeing = ok(chat(request("fuse")));
        assertThat(agreeing.at("/tandem/structured_answers_agree").asBoolean()).isTrue();
    }

    @Test
    void should_answer_502_naming_both_invalid_answers_when_no_model_gives_a_valid_one() throws Exception {
        ollama.respond(r -> Reply.text("It is sunny."));
        openai.respond(r -> Reply.toolCall("get_weather", "{}"));
        Map<String, Object> required = request("hedge");
        required.put("tool_choice", "required");

        HttpResponse<String> response = chat(required);

        assertThat(response.statusCode()).isEqualTo(502);
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("invalid_model_output");
        assertThat(error.get("message").asText()).contains("no tool call, although tool_choice requires one")
                .contains("required property 'city'");
    }

    @Test
    void should_stream_a_checked_tool_call_in_openai_chunks_that_add_up_to_the_call() throws Exception {
        openai.respond(r -> Reply.toolCall("get_weather", "{\"city\":\"Oslo\",\"days\":3,\"units\":\"metric\"}"));
        Map<String, Object> streamed = request("hedge");
        streamed.put("stream", true);

        HttpResponse<String> response = chat(streamed);

        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> chunks = new ArrayList<>();
        List<String> events = events(response.body());
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        for (String event : events.subList(0, events.size() - 1)) {
            chunks.add(JSON.readTree(event));
        }
        StringBuilder arguments = new StringBuilder();
        String id = null;
        String name = null;
        int argumentChunks = 0;
        for (JsonNode chunk : chunks) {
            for (JsonNode delta : chunk.at("/choices/0/delta/tool_calls")) {
                assertThat(delta.get("index").asInt()).isZero();
                id = delta.has("id") ? delta.get("id").asText() : id;
                name = delta.at("/function/name").isTextual() ? delta.at("/function/name").asText() : name;
                String piece = delta.at("/function/arguments").asText("");
                argumentChunks += piece.isEmpty() ? 0 : 1;
                arguments.append(piece);
            }
        }
        assertThat(id).isNotBlank();
        assertThat(name).isEqualTo("get_weather");
        assertThat(argumentChunks).isGreaterThan(1);
        assertThat(JSON.readTree(arguments.toString()))
                .isEqualTo(JSON.readTree("{\"city\":\"Oslo\",\"days\":3,\"units\":\"metric\"}"));
        assertThat(chunks.get(chunks.size() - 1).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(chunks.get(0).get("model").asText()).isEqualTo(PROVIDER_ID);
    }

    @Test
    void should_take_the_other_models_json_when_one_answer_breaks_the_response_schema() throws Exception {
        ollama.respond(r -> Reply.text("{\"capital\": \"Paris\"}"));
        openai.respond(r -> Reply.text("The capital is Paris."));
        Map<String, Object> body = base("hedge");
        body.put("response_format", Map.of("type", "json_schema", "json_schema", Map.of("name", "capital",
                "strict", true, "schema", Map.of("type", "object", "required", List.of("capital"),
                        "properties", Map.of("capital", Map.of("type", "string"))))));

        JsonNode answer = ok(chat(body));

        assertThat(answer.get("model").asText()).isEqualTo(LOCAL_ID);
        assertThat(JSON.readTree(answer.at("/choices/0/message/content").asText()).get("capital").asText())
                .isEqualTo("Paris");
        assertThat(failureOf(answer, "provider")).contains("not JSON");
        assertThat(ollama.requests().get(0).body().at("/format/required/0").asText()).isEqualTo("capital");
    }

    @Test
    void should_never_stream_an_unchecked_json_answer_live_even_in_a_race() throws Exception {
        ollama.respond(r -> Reply.text("The capital is Paris."));
        openai.respond(r -> Reply.text("{\"capital\": \"Paris\"}").after(java.time.Duration.ofMillis(300)));
        Map<String, Object> body = base("race");
        body.put("stream", true);
        body.put("response_format", Map.of("type", "json_schema", "json_schema", Map.of("name", "capital",
                "schema", Map.of("type", "object", "required", List.of("capital")))));

        HttpResponse<String> response = chat(body);

        assertThat(response.statusCode()).isEqualTo(200);
        StringBuilder text = new StringBuilder();
        for (String event : events(response.body())) {
            if (!event.equals("[DONE]")) {
                text.append(JSON.readTree(event).at("/choices/0/delta/content").asText(""));
            }
        }
        assertThat(JSON.readTree(text.toString())).isEqualTo(JSON.readTree("{\"capital\": \"Paris\"}"));
        assertThat(response.headers().firstValue("X-Tandem-Winner")).contains(PROVIDER_ID);
    }

    @Test
    void should_answer_legacy_functions_with_a_function_call() throws Exception {
        Map<String, Object> body = base("provider-first");
        body.put("functions", List.of(weatherFunction()));
        body.put("function_call", Map.of("name", "get_weather"));

        JsonNode answer = ok(chat(body));

        assertThat(answer.at("/choices/0/message/function_call/name").asText()).isEqualTo("get_weather");
        assertThat(answer.at("/choices/0/message/tool_calls").isMissingNode()).isTrue();
        assertThat(answer.at("/choices/0/finish_reason").asText()).isEqualTo("function_call");
        assertThat(openai.requests().get(0).body().at("/tool_choice/function/name").asText())
                .isEqualTo("get_weather");
    }

    @Test
    void should_send_a_tool_result_back_to_the_model_that_asked_for_it() throws Exception {
        openai.respond(r -> Reply.text("It rains in Oslo."));
        Map<String, Object> body = request("provider-first");
        body.put("messages", List.of(
                Map.of("role", "user", "content", "Weather in Oslo?"),
                mapOf("role", "assistant", "content", null, "tool_calls", List.of(Map.of("id", "call_9",
                        "type", "function", "function", Map.of("name", "get_weather", "arguments", VALID)))),
                Map.of("role", "tool", "tool_call_id", "call_9", "content", "{\"forecast\":\"rain\"}")));

        JsonNode answer = ok(chat(body));

        assertThat(answer.at("/choices/0/message/content").asText()).isEqualTo("It rains in Oslo.");
        assertThat(answer.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        JsonNode sent = openai.requests().get(0).body().get("messages");
        assertThat(sent.findValuesAsText("tool_call_id")).containsExactly("call_9");
    }

    @Test
    void should_answer_400_naming_tools_when_the_tools_are_not_a_list_of_named_functions() throws Exception {
        Map<String, Object> text = base("hedge");
        text.put("tools", "x");
        assertBadRequest(chat(text), "'tools' must be an array");
        text.put("stream", true);
        assertBadRequest(chat(text), "'tools' must be an array");

        Map<String, Object> number = base("hedge");
        number.put("tools", List.of(1));
        assertBadRequest(chat(number), "entry 0 of 'tools': only tools of type 'function'");

        Map<String, Object> nameless = base("hedge");
        nameless.put("tools", List.of(Map.of("type", "function", "function", Map.of("description", "no name"))));
        assertBadRequest(chat(nameless), "entry 0 of 'tools': function.name must be");

        Map<String, Object> noFunction = base("hedge");
        noFunction.put("tools", List.of(Map.of("type", "function"), Map.of("type", "function", "function", "f")));
        assertBadRequest(chat(noFunction), "entry 0 of 'tools': function.name must be");

        Map<String, Object> badParameters = base("hedge");
        badParameters.put("tools", List.of(Map.of("type", "function", "function", Map.of("name", "f",
                "parameters", List.of("x")))));
        assertBadRequest(chat(badParameters), "entry 0 of 'tools': function.parameters");
    }

    @Test
    void should_refuse_requests_whose_tools_cannot_be_honoured_with_a_400_that_says_why() throws Exception {
        Map<String, Object> unknownChoice = request("hedge");
        unknownChoice.put("tool_choice", Map.of("type", "function", "function", Map.of("name", "nope")));
        assertBadRequest(chat(unknownChoice), "tool_choice", "'nope', which is not among the tools offered");

        Map<String, Object> remote = base("hedge");
        remote.put("tools", List.of(Map.of("type", "function", "function", Map.of("name", "f",
                "parameters", Map.of("$ref", "http://169.254.169.254/schema.json")))));
        assertBadRequest(chat(remote), "tools", "only references within the schema");

        Map<String, Object> twoChoices = request("hedge");
        twoChoices.put("n", 2);
        assertBadRequest(chat(twoChoices), "n", "'n' must be 1");

        Map<String, Object> badSchema = base("hedge");
        badSchema.put("response_format", Map.of("type", "json_schema", "json_schema", Map.of("name", "x",
                "schema", "not a schema")));
        assertBadRequest(chat(badSchema), "response_format.json_schema.schema must be a JSON Schema object");
        assertThat(ollama.requestCount() + openai.requestCount()).isZero();
    }

    @Test
    void should_refuse_an_image_where_the_model_cannot_see_and_pass_it_to_a_model_that_may() throws Exception {
        Map<String, Object> body = base("hedge");
        body.put("messages", List.of(Map.of("role", "user", "content", List.of(
                Map.of("type", "text", "text", "What is in the picture?"),
                Map.of("type", "image_url", "image_url", Map.of("url", "data:image/png;base64,iVBORw0KGgo="))))));
        ollama.respond(r -> Reply.text("A pixel."));
        openai.respond(r -> Reply.text("A single pixel."));
        body.put("model", LOCAL_ID);

        HttpResponse<String> refused = chat(body);

        assertBadRequest(refused, "cannot take images");
        assertThat(JSON.readTree(refused.body()).at("/error/code").asText()).isEqualTo("model_without_vision");
        assertThat(ollama.requests()).noneMatch(r -> r.path().equals("/api/chat"));

        body.put("model", "tandem");
        JsonNode answered = ok(chat(body));
        assertThat(answered.get("model").asText()).isEqualTo(PROVIDER_ID);
        assertThat(openai.requests().get(0).body().at("/messages/0/content/1/image_url/url").asText())
                .isEqualTo("data:image/png;base64,iVBORw0KGgo=");
    }

    @Test
    void should_answer_404_model_not_found_in_openais_shape_for_an_unknown_model() throws Exception {
        Map<String, Object> body = base("hedge");
        body.put("model", "gpt-nonexistent");

        HttpResponse<String> response = chat(body);

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("model_not_found");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asText()).contains("gpt-nonexistent").contains("/v1/models");
    }

    private Map<String, Object> request(String strategy) {
        Map<String, Object> body = base(strategy);
        body.put("tools", List.of(Map.of("type", "function", "function", weatherFunction())));
        return body;
    }

    private static Map<String, Object> weatherFunction() {
        return Map.of("name", "get_weather", "description", "The forecast for a city",
                "parameters", Map.of("type", "object", "required", List.of("city"),
                        "properties", Map.of("city", Map.of("type", "string"), "days", Map.of("type", "integer"),
                                "units", Map.of("type", "string"))));
    }

    private static Map<String, Object> base(String strategy) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", "tandem");
        body.put("messages", List.of(Map.of("role", "user", "content", "What is the weather in Oslo?")));
        body.put("tandem", Map.of("strategy", strategy, "retrieve", false));
        return body;
    }

    private static Map<String, Object> mapOf(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private HttpResponse<String> chat(Map<String, Object> body) throws Exception {
        return tandem.post("/v1/chat/completions", "application/json", JSON.writeValueAsString(body));
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** A 400 whose {@code param} names the field at fault, as the OpenAI SDKs read it. */
    private static void assertBadRequest(HttpResponse<String> response, String param, String messagePart)
            throws Exception {
        assertBadRequest(response, messagePart);
        assertThat(JSON.readTree(response.body()).at("/error/param").asText()).isEqualTo(param);
    }

    private static void assertBadRequest(HttpResponse<String> response, String messagePart) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asText()).contains(messagePart);
    }

    private static List<String> steps(JsonNode body) {
        List<String> steps = new ArrayList<>();
        body.at("/tandem/plan/steps").forEach(s -> steps.add(s.get("name").asText() + ":" + s.get("outcome").asText()));
        return steps;
    }

    private static String failureOf(JsonNode body, String step) {
        for (JsonNode s : body.at("/tandem/plan/steps")) {
            if (step.equals(s.get("name").asText())) {
                return s.path("detail").asText(s.toString());
            }
        }
        return "";
    }

    private static List<String> events(String sse) {
        List<String> events = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: ")) {
                events.add(line.substring(6));
            }
        }
        return events;
    }
}
