package dev.tandem.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * The fault paths held-out runs through {@code hedge} found, as a client sees them: a provider stream that ends
 * without {@code [DONE]} after its finish reason and usage, a malformed first event, and a provider whose error
 * quotes its own address.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HedgeFaultPathsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final EmulatedTandem models = EmulatedTandem.withProviderKey("sk-faults").settings(Map.of(
            "tandem.llm.provider.timeout.ms", "3000",
            "tandem.llm.local.timeout.ms", "3000")).resetBeforeEach();
    private final OllamaEmulator ollama = models.ollama();
    private final OpenAiEmulator openai = models.openai();
    private final RunningTandem tandem = models.tandem();

    @BeforeEach
    void healthy() {
        ollama.respond(r -> Reply.text("Local: the ferry leaves hourly."));
    }

    @Test
    void should_take_a_provider_stream_with_finish_reason_and_usage_but_no_done_as_complete() throws Exception {
        openai.respond(r -> Reply.malformed(chunk("{\"content\":\"Provider: \"}", null)
                + chunk("{\"content\":\"hourly.\"}", null) + chunk("{}", "\"stop\"")
                + "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-test\","
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}\n\n"));

        HttpResponse<String> response = chat(true);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(streamedText(response.body())).isEqualTo("Provider: hourly.");
        assertThat(response.body()).endsWith("data: [DONE]\n\n").doesNotContain("\"error\"");
        assertThat(response.headers().firstValue("X-Tandem-Winner")).contains("openai/gpt-test");
    }

    @Test
    void should_let_the_local_model_answer_when_the_providers_first_event_is_malformed() throws Exception {
        openai.respond(r -> Reply.malformed("data: {\"choices\": [ {\"delta\": \n\n"));

        HttpResponse<String> response = chat(true);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(streamedText(response.body())).isEqualTo("Local: the ferry leaves hourly.");
        assertThat(response.headers().firstValue("X-Tandem-Winner")).contains("ollama/llama3.2");
        assertThat(response.body()).contains("\"model\":\"ollama/llama3.2\"").endsWith("data: [DONE]\n\n");
    }

    @Test
    void should_never_show_the_providers_address_in_an_error_sent_to_the_client() throws Exception {
        String address = openai.baseUrl();
        openai.respond(r -> Reply.error(503, "upstream " + address + "/v1/chat/completions is overloaded"));
        Map<String, Object> direct = body(false);
        direct.put("model", "openai/gpt-test");

        HttpResponse<String> response = tandem.post("/v1/chat/completions", "application/json",
                JSON.writeValueAsString(direct));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("is overloaded")
                .doesNotContain(address).doesNotContain(address.substring("http://".length()));
    }

    private HttpResponse<String> chat(boolean stream) throws Exception {
        return tandem.post("/v1/chat/completions", "application/json", JSON.writeValueAsString(body(stream)));
    }

    private static Map<String, Object> body(boolean stream) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", "tandem");
        body.put("messages", List.of(Map.of("role", "user", "content", "When does the ferry leave?")));
        body.put("stream", stream);
        body.put("tandem", Map.of("strategy", "hedge", "retrieve", false));
        return body;
    }

    private static String chunk(String delta, String finishReason) {
        return "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-test\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finishReason + "}]}\n\n";
    }

    private static String streamedText(String sse) throws Exception {
        StringBuilder text = new StringBuilder();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                text.append(JSON.readTree(line.substring(6)).at("/choices/0/delta/content").asText(""));
            }
        }
        return text.toString();
    }
}
