package dev.tandem.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.chat.completions.StructuredChatCompletion;
import dev.tandem.RunningTandem;
import dev.tandem.llm.emulator.EmulatedTandem;
import dev.tandem.llm.emulator.OllamaEmulator;
import dev.tandem.llm.emulator.OpenAiEmulator;
import dev.tandem.llm.emulator.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official OpenAI Java SDK ({@code com.openai:openai-java}) against Tandem's {@code /v1}, the emulators behind
 * it: a tool round trip, streamed tool calls put together by the SDK's {@link ChatCompletionAccumulator}, a
 * structured answer parsed into a class by the SDK, and the SDK's own error for an unknown model.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenAiJavaSdkTest {

    @RegisterExtension
    static final EmulatedTandem models = EmulatedTandem.withProviderKey("sk-java-sdk").checkRequestsAfterEach();
    private final OllamaEmulator ollama = models.ollama();
    private final OpenAiEmulator openai = models.openai();
    private RunningTandem tandem;
    private OpenAIClient client;

    /** The structured answer the SDK parses. */
    public static class Capital {
        @JsonPropertyDescription("The capital city")
        public String capital;
    }

    @BeforeAll
    void start() throws Exception {
        tandem = models.tandem();
        client = OpenAIOkHttpClient.builder().baseUrl(tandem.baseUrl() + "/v1").apiKey("any").maxRetries(0)
                .build();
        // the provider calls the tool until it has the tool's result, then answers with it
        openai.respond(r -> r.body().path("response_format").isObject() ? Reply.text("{\"capital\":\"Paris\"}")
                : "tool".equals(r.body().at("/messages").get(r.body().at("/messages").size() - 1).path("role")
                        .asText()) ? Reply.text("It rains in Oslo.")
                        : Reply.toolCall("get_weather", "{\"city\":\"Oslo\",\"days\":2}"));
        ollama.respond(r -> Reply.text("local"));
    }

    @AfterAll
    void stop() throws Exception {
        client.close();
    }

    @Test
    void should_complete_a_tool_round_trip_with_the_java_sdk() {
        ChatCompletionCreateParams.Builder params = params().addUserMessage("What is the weather in Oslo?");

        ChatCompletion first = client.chat().completions().create(params.build());

        assertThat(first.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        ChatCompletionMessageFunctionToolCall call = first.choices().get(0).message().toolCalls().orElseThrow()
                .get(0).asFunction();
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(call.function().arguments()).contains("Oslo");
        assertThat(first.model()).isEqualTo("openai/gpt-test");

        params.addMessage(first.choices().get(0).message())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id())
                        .content("{\"forecast\":\"rain\"}").build());
        ChatCompletion answer = client.chat().completions().create(params.build());

        assertThat(answer.choices().get(0).message().content()).contains("It rains in Oslo.");
    }

    @Test
    void should_accumulate_streamed_tool_calls_with_the_java_sdk_helper() {
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions()
                .createStreaming(params().addUserMessage("What is the weather in Oslo?").build())) {
            stream.stream().forEach(accumulator::accumulate);
        }

        ChatCompletion whole = accumulator.chatCompletion();
        ChatCompletionMessageFunctionToolCall call = whole.choices().get(0).message().toolCalls().orElseThrow()
                .get(0).asFunction();
        assertThat(call.id()).isNotBlank();
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(call.function().arguments()).isEqualTo("{\"city\":\"Oslo\",\"days\":2}");
        assertThat(whole.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    }

    @Test
    void should_parse_a_structured_answer_into_a_class_with_the_java_sdk() {
        StructuredChatCompletion<Capital> answer = client.chat().completions().create(
                ChatCompletionCreateParams.builder().model("tandem").addUserMessage("Capital of France?")
                        .putAdditionalBodyProperty("tandem", JsonValue.from(Map.of("strategy", "provider-first",
                                "retrieve", false)))
                        .responseFormat(Capital.class).build());

        assertThat(answer.choices().get(0).message().content().orElseThrow().capital).isEqualTo("Paris");
    }

    @Test
    void should_raise_the_sdks_not_found_error_for_an_unknown_model() {
        NotFoundException notFound = catchThrowableOfType(NotFoundException.class, () -> client.chat().completions()
                .create(ChatCompletionCreateParams.builder().model("gpt-nonexistent").addUserMessage("Hi").build()));

        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.code()).contains("model_not_found");
        assertThat(notFound.type()).contains("invalid_request_error");
        assertThat(notFound.getMessage()).contains("gpt-nonexistent");
    }

    private static ChatCompletionCreateParams.Builder params() {
        return ChatCompletionCreateParams.builder().model("tandem")
                .putAdditionalBodyProperty("tandem", JsonValue.from(Map.of("strategy", "provider-first",
                        "retrieve", false)))
                .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                        .name("get_weather").description("The forecast for a city")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of(
                                        "city", Map.of("type", "string"), "days", Map.of("type", "integer"))))
                                .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                                .build())
                        .build()).build());
    }
}
