package dev.tandem.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.NodePackages;
import dev.tandem.RunningTandem;
import dev.tandem.llm.emulator.OllamaEmulator;
import dev.tandem.llm.emulator.OpenAiEmulator;
import dev.tandem.llm.emulator.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official {@code openai} npm client (on Node 22, installed by {@link NodePackages} into
 * {@code target/openai-npm}) against Tandem's {@code /v1}: {@code tools-client.mjs}
 * runs a tool round trip with the SDK's {@code runTools}, accumulates streamed tool calls with its stream helper,
 * parses a {@code json_schema} answer, and meets an unknown model.
 */
class OpenAiNpmClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPENAI = "openai@7.59.0";
    private static final String SCRIPT = "tools-client.mjs";

    @TempDir
    Path work;

    @Test
    void should_serve_tool_calls_streams_and_structured_answers_to_the_official_npm_client() throws Exception {
        NodePackages node = install();
        try (OllamaEmulator ollama = OllamaEmulator.start();
                OpenAiEmulator openai = OpenAiEmulator.start("sk-npm")) {
            openai.serve("gpt-test");
            ollama.respond(r -> Reply.text("local"));
            openai.respond(r -> r.body().path("response_format").isObject() ? Reply.text("{\"capital\":\"Paris\"}")
                    : "tool".equals(r.body().at("/messages").get(r.body().at("/messages").size() - 1).path("role")
                            .asText()) ? Reply.text("It rains in Oslo.")
                            : Reply.toolCall("get_weather", "{\"city\":\"Oslo\",\"days\":2}"));
            try (RunningTandem tandem = RunningTandem.start(work.resolve("inbox"), work.resolve("data"), Map.of(
                    "tandem.provider", "openai",
                    "tandem.openai.base.url", openai.baseUrl() + "/v1",
                    "tandem.openai.model", "gpt-test",
                    "tandem.openai.api.key", "sk-npm",
                    "tandem.ollama.url", ollama.baseUrl(),
                    "tandem.ollama.model", "llama3.2"))) {
                NodePackages.Run run = node.run("tools-client", List.of(node.nodeBinary().toString(),
                        node.prefix().resolve(SCRIPT).toString()), Map.of("TANDEM_V1", tandem.baseUrl() + "/v1"), 5);

                assertThat(run.exitCode()).as("node output:%n%s", run.output()).isZero();
                JsonNode results = JSON.readTree(run.output().lines().reduce((a, b) -> b).orElse("{}"));
                assertThat(results.at("/roundTrip/answer").asText()).isEqualTo("It rains in Oslo.");
                assertThat(results.at("/roundTrip/calledWith/0/city").asText()).isEqualTo("Oslo");
                assertThat(results.at("/streamed/finishReason").asText()).isEqualTo("tool_calls");
                assertThat(results.at("/streamed/toolCalls/0/function/name").asText()).isEqualTo("get_weather");
                assertThat(JSON.readTree(results.at("/streamed/toolCalls/0/function/arguments").asText()))
                        .isEqualTo(JSON.readTree("{\"city\":\"Oslo\",\"days\":2}"));
                assertThat(results.at("/streamed/toolCalls/0/id").asText()).isNotBlank();
                assertThat(results.at("/streamed/model").asText()).isEqualTo("openai/gpt-test");
                assertThat(results.at("/parsed/capital").asText()).isEqualTo("Paris");
                assertThat(results.at("/unknownModel/status").asInt()).isEqualTo(404);
                assertThat(results.at("/unknownModel/code").asText()).isEqualTo("model_not_found");
                assertThat(results.at("/unknownModel/notFound").asBoolean()).isTrue();
            }
            ollama.violations().assertNone();
            openai.violations().assertNone();
        }
    }

    private static NodePackages install() throws IOException, InterruptedException {
        NodePackages node = NodePackages.install("openai-npm", List.of(OPENAI), List.of("node_modules/openai"));
        try (InputStream script = OpenAiNpmClientTest.class.getResourceAsStream("/openai-npm/tools-client.mjs")) {
            // beside node_modules, where ESM finds the package
            Files.copy(script, node.prefix().resolve(SCRIPT), StandardCopyOption.REPLACE_EXISTING);
        }
        return node;
    }
}
