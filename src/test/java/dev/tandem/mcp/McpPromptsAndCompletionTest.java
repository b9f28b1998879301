package dev.tandem.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.tandem.RunningTandem;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The template {@code model://{id}} with completion of model ids, and the {@code summarize_document} prompt, as the
 * MCP Java SDK client sees them. Tandem is configured with a local model and a provider, so there are two ids.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpPromptsAndCompletionTest {

    private static final String LOCAL_ID = "ollama/llama3.2";
    private static final String PROVIDER_ID = "openai/gpt-test";
    private static final McpSchema.ResourceReference MODEL_TEMPLATE = new McpSchema.ResourceReference("model://{id}");

    @TempDir
    static Path work;
    private RunningTandem tandem;
    private McpSyncClient client;

    @BeforeAll
    void start() throws Exception {
        // nothing listens at these addresses: describing and completing models needs no answer from them
        tandem = RunningTandem.start(work.resolve("inbox"), work.resolve("data"), Map.of(
                "tandem.provider", "openai",
                "tandem.openai.base.url", "http://127.0.0.1:9/v1",
                "tandem.openai.model", "gpt-test",
                "tandem.ollama.url", "http://127.0.0.1:9",
                "tandem.ollama.model", "llama3.2"));
        client = McpClient.sync(HttpClientStreamableHttpTransport.builder(tandem.baseUrl()).endpoint("/mcp").build())
                .requestTimeout(Duration.ofSeconds(30)).build();
        client.initialize();
    }

    @AfterAll
    void stop() throws Exception {
        client.closeGracefully();
        tandem.close();
    }

    @Test
    void should_offer_the_model_template() {
        assertThat(client.listResourceTemplates().resourceTemplates())
                .extracting(McpSchema.ResourceTemplate::uriTemplate).contains("model://{id}");
    }

    @Test
    void should_complete_every_model_id_for_an_empty_prefix() {
        McpSchema.CompleteResult.CompleteCompletion completion = complete("");

        assertThat(completion.values()).containsExactlyInAnyOrder(LOCAL_ID, PROVIDER_ID);
        assertThat(completion.total()).isEqualTo(2);
        assertThat(completion.hasMore()).isFalse();
    }

    @Test
    void should_complete_only_the_model_ids_that_start_with_the_prefix() {
        assertThat(complete("oll").values()).containsExactly(LOCAL_ID);
        assertThat(complete("openai/").values()).containsExactly(PROVIDER_ID);
        assertThat(complete("bedrock/").values()).isEmpty();
    }

    @Test
    void should_read_a_completed_id_through_the_template() {
        String completed = complete("open").values().get(0);

        McpSchema.ReadResourceResult model = client.readResource(new McpSchema.ReadResourceRequest(
                "model://" + completed));

        assertThat(((McpSchema.TextResourceContents) model.contents().get(0)).text()).contains(PROVIDER_ID)
                .contains("capabilities");
    }

    @Test
    void should_list_the_summarize_document_prompt_with_its_required_source() {
        McpSchema.Prompt prompt = client.listPrompts().prompts().stream()
                .filter(p -> p.name().equals("summarize_document")).findFirst().orElseThrow();

        assertThat(prompt.description()).isNotBlank();
        assertThat(prompt.arguments()).singleElement().satisfies(argument -> {
            assertThat(argument.name()).isEqualTo("source");
            assertThat(argument.required()).isTrue();
        });
    }

    @Test
    void should_give_a_user_message_that_reads_the_named_document_with_get_document_and_summarises_it() {
        String source = "s3://handbook/ops/rotating-keys.md";

        McpSchema.GetPromptResult result = client.getPrompt(new McpSchema.GetPromptRequest("summarize_document",
                Map.of("source", source)));

        assertThat(result.messages()).singleElement().satisfies(message -> {
            assertThat(message.role()).isEqualTo(McpSchema.Role.USER);
            String text = ((McpSchema.TextContent) message.content()).text();
            assertThat(text).contains("get_document").contains(source).containsIgnoringCase("summar");
        });
    }

    @Test
    void should_refuse_the_summarize_document_prompt_without_a_source_as_invalid_params() {
        assertThatThrownBy(() -> client.getPrompt(new McpSchema.GetPromptRequest("summarize_document", Map.of())))
                .isInstanceOfSatisfying(McpError.class, error -> {
                    assertThat(error.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
                    assertThat(error.getMessage()).contains("source").doesNotContain("Exception");
                });
    }

    private McpSchema.CompleteResult.CompleteCompletion complete(String prefix) {
        return client.completeCompletion(new McpSchema.CompleteRequest(MODEL_TEMPLATE,
                new McpSchema.CompleteRequest.CompleteArgument("id", prefix))).completion();
    }
}
