package dev.tandem.llm.backend.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RunningTandem;
import dev.tandem.llm.emulator.BedrockEmulator;
import dev.tandem.llm.emulator.OllamaEmulator;
import dev.tandem.llm.emulator.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Bedrock as the provider, through camel-aws-bedrock: Converse, ConverseStream, throttling, rejections. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BedrockProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "amazon.nova-lite-v1:0";
    private static final String QUESTION = "[{\"role\": \"user\", \"content\": \"Name a planet.\"}]";

    @TempDir
    static Path work;
    private final OllamaEmulator ollama = OllamaEmulator.start();
    private final BedrockEmulator bedrock = BedrockEmulator.start(MODEL, "AKIDTEST", "test-secret", "eu-central-1");
    private RunningTandem tandem;

    @BeforeAll
    void start() throws Exception {
        // the AWS default credential chain reads these system properties first
        System.setProperty("aws.accessKeyId", "AKIDTEST");
        System.setProperty("aws.secretAccessKey", "test-secret");
        tandem = RunningTandem.start(work.resolve("inbox"), work.resolve("data"), Map.of(
                "tandem.provider", "bedrock",
                "tandem.bedrock.model", MODEL,
                "aws.region", "eu-central-1",
                "tandem.bedrock.endpoint", bedrock.endpoint(),
                "tandem.ollama.url", ollama.baseUrl(),
                "tandem.llm.provider.timeout.ms", "2000",
                "tandem.llm.breaker.failures", "1000"));
    }

    @BeforeEach
    void healthy() {
        ollama.reset();
        bedrock.reset();
        ollama.respond(r -> Reply.text("Mars, says the local model.").after(Duration.ofMillis(100)));
        bedrock.respond(r -> Reply.text("Jupiter, says Bedrock.").withUsage(17, 5));
    }

    @AfterEach
    void sentOnlyWhatTheConfigurationSays() {
        ollama.violations().assertNone();
        bedrock.violations().assertNone();
    }

    @AfterAll
    void stop() throws Exception {
        tandem.close();
        ollama.close();
        bedrock.close();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void should_answer_through_converse_with_the_usage_bedrock_reported() throws Exception {
        JsonNode body = ok(chat("{\"model\": \"tandem\", \"messages\": " + QUESTION + "}"));

        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Jupiter, says Bedrock.");
        assertThat(body.at("/tandem/winner/backend").asText()).isEqualTo("bedrock/" + MODEL);
        JsonNode usage = body.at("/tandem/usage").get("bedrock/" + MODEL);
        assertThat(usage.get("inputTokens").asLong()).isEqualTo(17);
        assertThat(usage.get("outputTokens").asLong()).isEqualTo(5);
        assertThat(bedrock.requests().get(0).path())
                .isEqualTo("/model/" + URLEncoder.encode(MODEL, StandardCharsets.UTF_8) + "/converse");
    }

    @Test
    void should_stream_through_converse_stream() throws Exception {
        HttpResponse<String> response = chat("{\"model\": \"bedrock/" + MODEL + "\", \"stream\": true, \"messages\": "
                + QUESTION + "}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"Jupiter, \"").endsWith("data: [DONE]\n\n");
        assertThat(bedrock.requests().get(0).path()).endsWith("/converse-stream");
    }

    @Test
    void should_fall_back_to_the_local_model_when_bedrock_throttles() throws Exception {
        bedrock.respond(r -> Reply.error(429, "Too many requests").withErrorCode("ThrottlingException"));

        JsonNode body = ok(chat("{\"model\": \"tandem\", \"messages\": " + QUESTION + "}"));

        assertThat(body.at("/choices/0/message/content").asText()).startsWith("Mars");
        assertThat(body.at("/tandem/plan/steps").toString()).contains("rate_limited");
    }

    @Test
    void should_surface_an_input_too_long_as_context_length_exceeded() throws Exception {
        bedrock.respond(r -> Reply.error(400, "Input is too long for requested model.")
                .withErrorCode("context_length_exceeded"));

        HttpResponse<String> response = chat("{\"model\": \"bedrock/" + MODEL + "\", \"messages\": " + QUESTION + "}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).at("/error/code").asText()).isEqualTo("context_length_exceeded");
        assertThat(bedrock.requestCount()).isEqualTo(1);
    }

    private HttpResponse<String> chat(String body) throws Exception {
        return tandem.post("/v1/chat/completions", "application/json", body);
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
