package dev.tandem.llm.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.Violations;
import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.BackendException;
import dev.tandem.llm.ChatBackend;
import dev.tandem.llm.ChatMessage;
import dev.tandem.llm.ChatOptions;
import dev.tandem.llm.ChatPrompt;
import dev.tandem.llm.Deadlines;
import dev.tandem.llm.ImageInput;
import dev.tandem.llm.ResponseFormat;
import dev.tandem.llm.ToolCall;
import dev.tandem.llm.ToolChoice;
import dev.tandem.llm.ToolSpec;
import dev.tandem.llm.backend.bedrock.BedrockBackend;
import dev.tandem.llm.backend.ollama.OllamaBackend;
import dev.tandem.llm.backend.openai.OpenAiCompatibleBackend;
import dev.tandem.llm.emulator.BedrockEmulator;
import dev.tandem.llm.emulator.EmulatedRequest;
import dev.tandem.llm.emulator.OllamaEmulator;
import dev.tandem.llm.emulator.OpenAiEmulator;
import dev.tandem.llm.emulator.Reply;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The OpenAI request beyond plain text on each backend's own wire: function calling through the real clients, against the emulators: the tools and their
 * schemas go out in the protocol's shape (the emulators check it), tool calls come back with an id, their arguments
 * as the model wrote them and {@code finish_reason: tool_calls}, whole or streamed; a JSON answer is asked for in
 * the protocol's way; an image goes as the protocol carries one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenAiRequestOnEveryBackendTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Deadlines GENEROUS = new Deadlines(Duration.ofSeconds(5), Duration.ofSeconds(10));
    private static final String KEY = "sk-tools-test";
    private static final String BEDROCK_MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final JsonNode WEATHER_SCHEMA = json("""
            {"type": "object", "properties": {"city": {"type": "string"}, "days": {"type": "integer"}},
             "required": ["city"]}""");
    private static final ToolSpec WEATHER = new ToolSpec("get_weather", "The forecast for a city", WEATHER_SCHEMA);
    private static final ChatOptions OFFER_WEATHER = new ChatOptions(List.of(WEATHER), ToolChoice.AUTO, null,
            ResponseFormat.TEXT, List.of(), null, null);
    private static final ChatPrompt ASK_WEATHER = new ChatPrompt(
            List.of(ChatMessage.user("What is the weather in Oslo?")), 128, 0.0, OFFER_WEATHER);

    /** One backend and the emulator it talks to. */
    record Wire(String name, ChatBackend backend, Function<Function<EmulatedRequest, Reply>, Void> respond,
            java.util.function.Supplier<List<EmulatedRequest>> requests, Violations violations,
            Function<JsonNode, JsonNode> schemaSent) {

        @Override
        public String toString() {
            return name;
        }
    }

    private OllamaEmulator ollama;
    private OpenAiEmulator openAi;
    private BedrockEmulator bedrock;
    private CamelContext camel;
    private BedrockBackend bedrockBackend;
    private List<Wire> wires;

    @BeforeAll
    void start() {
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        ollama = OllamaEmulator.start();
        openAi = OpenAiEmulator.start(KEY);
        bedrock = BedrockEmulator.start(BEDROCK_MODEL, "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                "us-east-1");
        camel = new DefaultCamelContext();
        camel.start();
        bedrockBackend = new BedrockBackend(camel, BEDROCK_MODEL, "us-east-1",
                Optional.of(URI.create(bedrock.endpoint())), 0.2, 256);
        wires = List.of(
                new Wire("ollama", new OllamaBackend(ollama.baseUrl(), "llama3.2", 0.2, 256),
                        r -> { ollama.respond(r); return null; }, ollama::requests, ollama.violations(),
                        body -> body.at("/tools/0/function/parameters")),
                new Wire("openai", new OpenAiCompatibleBackend(openAi.baseUrl() + "/v1", KEY, "gpt-4o-mini", 0.2,
                        256), r -> { openAi.respond(r); return null; }, openAi::requests, openAi.violations(),
                        body -> body.at("/tools/0/function/parameters")),
                new Wire("bedrock", bedrockBackend, r -> { bedrock.respond(r); return null; }, bedrock::requests,
                        bedrock.violations(), body -> body.at("/toolConfig/tools/0/toolSpec/inputSchema/json")));
    }

    Stream<Wire> wires() {
        return wires.stream();
    }

    @AfterEach
    void sentEverythingInTheProtocolsShape() {
        wires.forEach(w -> w.violations().assertNone());
        ollama.reset();
        openAi.reset();
        bedrock.reset();
    }

    @AfterAll
    void stop() {
        bedrockBackend.close();
        camel.stop();
        ollama.close();
        openAi.close();
        bedrock.close();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wires")
    void should_send_the_tool_schema_untouched_and_read_the_call_with_an_id(Wire wire) {
        wire.respond().apply(r -> Reply.toolCall("get_weather", "{\"city\":\"Oslo\",\"days\":2}"));

        BackendAnswer answer = wire.backend().chat(ASK_WEATHER, GENEROUS);

        assertThat(answer.finishReason()).isEqualTo("tool_calls");
        assertThat(answer.toolCalls()).hasSize(1);
        ToolCall call = answer.toolCalls().get(0);
        assertThat(call.id()).isNotBlank();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(json(call.arguments())).isEqualTo(json("{\"city\":\"Oslo\",\"days\":2}"));
        assertThat(wire.schemaSent().apply(wire.requests().get().get(0).body())).isEqualTo(WEATHER_SCHEMA);
        // what the caller did not set is not sent (an empty stop list is not "no stop sequences" everywhere)
        assertThat(wire.requests().get().get(0).body().toString()).doesNotContain("stop").doesNotContain("seed");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wires")
    void should_accumulate_a_streamed_tool_call_into_one_complete_call(Wire wire) {
        wire.respond().apply(r -> Reply.toolCalls(new Reply.ToolCall("get_weather", "{\"city\":\"Oslo\"}"),
                new Reply.ToolCall("get_weather", "{\"city\":\"Bergen\",\"days\":3}")));
        List<String> text = new ArrayList<>();

        BackendAnswer answer = wire.backend().stream(ASK_WEATHER, GENEROUS, text::add);

        assertThat(answer.finishReason()).isEqualTo("tool_calls");
        assertThat(answer.toolCalls()).extracting(c -> json(c.arguments()))
                .containsExactly(json("{\"city\":\"Oslo\"}"), json("{\"city\":\"Bergen\",\"days\":3}"));
        assertThat(answer.toolCalls()).extracting(ToolCall::id).doesNotHaveDuplicates();
        assertThat(wire.requests().get().get(0).stream()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wires")
    void should_report_a_stream_cut_inside_a_tool_call_as_cut_off_never_as_a_call(Wire wire) {
        // Ollama and OpenAI: after the call's first line; Bedrock: once its messageStart is sent
        int frames = "bedrock".equals(wire.name()) ? 0 : 1;
        wire.respond().apply(r -> Reply.toolCall("get_weather", "{\"city\":\"Oslo\",\"days\":2}").cutAfter(frames));

        assertThatThrownBy(() -> wire.backend().stream(ASK_WEATHER, GENEROUS, piece -> { }))
                .isInstanceOfSatisfying(BackendException.class,
                        e -> assertThat(e.kind()).isIn(BackendException.Kind.CUT_OFF, BackendException.Kind.UNREACHABLE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wires")
    void should_keep_arguments_that_are_not_json_as_written_for_the_gateway_to_judge(Wire wire) {
        wire.respond().apply(r -> Reply.toolCall("get_weather", "{\"city\": Oslo"));

        BackendAnswer answer = wire.backend().chat(ASK_WEATHER, GENEROUS);

        assertThat(answer.toolCalls()).hasSize(1);
        assertThat(answer.toolCalls().get(0).arguments()).doesNotStartWith("{\"city\":\"Oslo\"");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wires")
    void should_send_a_tool_round_trip_in_the_history_in_the_protocols_shape(Wire wire) {
        ChatPrompt followUp = new ChatPrompt(List.of(
                ChatMessage.user("What is the weather in Oslo?"),
                ChatMessage.assistant("", List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}"))),
                ChatMessage.tool("{\"forecast\":\"rain\"}", "call_1", "get_weather")),
                128, 0.0, OFFER_WEATHER);
        wire.respond().apply(r -> Reply.text("It will rain in Oslo."));

        BackendAnswer answer = wire.backend().chat(followUp, GENEROUS);

        assertThat(answer.text()).isEqualTo("It will rain in Oslo.");
        assertThat(answer.finishReason()).isEqualTo("stop");
        assertThat(wire.requests().get().get(0).body().toString()).contains("rain").contains("Oslo");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wires")
    void should_ask_for_a_json_schema_answer_in_the_protocols_way_and_return_the_json_as_text(Wire wire) {
        JsonNode schema = json("{\"type\":\"object\",\"properties\":{\"capital\":{\"type\":\"string\"}},"
                + "\"required\":[\"capital\"]}");
        ChatPrompt structured = new ChatPrompt(List.of(ChatMessage.user("Capital of France?")), 64, 0.0,
                new ChatOptions(List.of(), ToolChoice.AUTO, null, new ResponseFormat("json_schema", "capital",
                        schema, true), List.of(), null, null));
        // Bedrock has no JSON mode: the answer comes as the input of the one tool the model is made to call
        wire.respond().apply(r -> "bedrock".equals(wire.name()) ? Reply.toolCall("capital", "{\"capital\":\"Paris\"}")
                : Reply.text("{\"capital\":\"Paris\"}"));

        BackendAnswer answer = wire.backend().chat(structured, GENEROUS);

        assertThat(json(answer.text())).isEqualTo(json("{\"capital\":\"Paris\"}"));
        assertThat(answer.toolCalls()).isEmpty();
        JsonNode sent = wire.requests().get().get(0).body();
        switch (wire.name()) {
            case "ollama" -> assertThat(sent.get("format")).isEqualTo(schema);
            case "openai" -> assertThat(sent.at("/response_format/json_schema/schema")).isEqualTo(schema);
            default -> {
                assertThat(sent.at("/toolConfig/tools/0/toolSpec/inputSchema/json")).isEqualTo(schema);
                assertThat(sent.at("/toolConfig/toolChoice/tool/name").asText()).isEqualTo("capital");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wires")
    void should_ask_for_the_function_tool_choice_names_in_the_protocols_way(Wire wire) {
        ToolSpec other = new ToolSpec("get_time", null, json("{\"type\":\"object\"}"));
        ChatPrompt named = new ChatPrompt(ASK_WEATHER.messages(), 64, 0.0, new ChatOptions(List.of(other, WEATHER),
                ToolChoice.function("get_weather"), null, ResponseFormat.TEXT, List.of(), null, null));
        wire.respond().apply(r -> Reply.toolCall("get_weather", "{\"city\":\"Oslo\"}"));

        wire.backend().chat(named, GENEROUS);

        JsonNode sent = wire.requests().get().get(0).body();
        switch (wire.name()) {
            // Ollama has no tool_choice: it is offered the named function alone
            case "ollama" -> assertThat(sent.get("tools").findValuesAsText("name")).containsExactly("get_weather");
            case "openai" -> assertThat(sent.at("/tool_choice/function/name").asText()).isEqualTo("get_weather");
            default -> assertThat(sent.at("/toolConfig/toolChoice/tool/name").asText()).isEqualTo("get_weather");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wires")
    void should_send_an_image_as_the_protocol_carries_one(Wire wire) {
        String png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
        ChatPrompt withImage = new ChatPrompt(List.of(new ChatMessage("user", "What is in the picture?", List.of(),
                null, null, List.of(new ImageInput("data:image/png;base64," + png)))), 64, 0.0);
        wire.respond().apply(r -> Reply.text("A single pixel."));

        assertThat(wire.backend().chat(withImage, GENEROUS).text()).isEqualTo("A single pixel.");

        JsonNode message = wire.requests().get().get(0).body().at("/messages/0");
        switch (wire.name()) {
            case "ollama" -> assertThat(message.at("/images/0").asText()).isEqualTo(png);
            case "openai" -> assertThat(message.at("/content/1/image_url/url").asText())
                    .isEqualTo("data:image/png;base64," + png);
            default -> {
                assertThat(message.at("/content/1/image/format").asText()).isEqualTo("png");
                assertThat(message.at("/content/1/image/source/bytes").asText()).isEqualTo(png);
            }
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            return JSON.getNodeFactory().textNode(text);
        }
    }
}
