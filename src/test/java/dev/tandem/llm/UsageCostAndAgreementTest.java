package dev.tandem.llm;

import static dev.tandem.llm.ChatCalls.chat;
import static dev.tandem.llm.ChatCalls.ok;
import static dev.tandem.llm.ChatCalls.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
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
 * What a chat answer says about its own cost: {@code X-Tandem-Usage} with the tokens each backend reported,
 * {@code X-Tandem-Cost-Usd} priced from {@code TANDEM_LLM_PRICES}, the top-level OpenAI {@code usage} summed over
 * every call that answered, and {@code agreement} / {@code answers_disagree} when both models answered. Expected
 * costs are worked out here from the prices configured below, not by Tandem's code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UsageCostAndAgreementTest {

    private static final String LOCAL_ID = "ollama/llama3.2";
    private static final String PROVIDER_ID = "openai/gpt-test";
    /** US$ per million tokens, input then output. */
    private static final double[] LOCAL_PRICE = {0.5, 1.5};
    private static final double[] PROVIDER_PRICE = {3, 12};

    private static final String API_KEY = "sk-usage-cost";

    @RegisterExtension
    static final EmulatedTandem models = EmulatedTandem.withProviderKey(API_KEY).settings(Map.of(
            "tandem.llm.provider.timeout.ms", "5000",
            "tandem.llm.prices", "ollama/*=" + LOCAL_PRICE[0] + "/" + LOCAL_PRICE[1]
                    + ";" + PROVIDER_ID + "=" + PROVIDER_PRICE[0] + "/" + PROVIDER_PRICE[1]))
            .resetBeforeEach().checkRequestsAfterEach();
    private final OllamaEmulator ollama = models.ollama();
    private final OpenAiEmulator openai = models.openai();
    private RunningTandem tandem;
    /** The same backends, with a price for the provider only. */
    private RunningTandem localUnpriced;

    @BeforeAll
    void start() throws Exception {
        tandem = models.tandem();
        localUnpriced = RunningTandem.start(models.work().resolve("inbox-u"), models.work().resolve("data-u"),
                models.settingsWith(Map.of(
                        "tandem.llm.prices", PROVIDER_ID + "=" + PROVIDER_PRICE[0] + "/" + PROVIDER_PRICE[1])));
    }

    @AfterAll
    void stop() throws Exception {
        localUnpriced.close();
    }

    @Test
    void should_report_the_usage_and_cost_of_the_one_backend_that_answered() throws Exception {
        openai.respond(r -> Reply.text("Provider says: hourly.").withUsage(1200, 300));

        HttpResponse<String> response = chat(tandem, question("provider-first"));

        JsonNode body = ok(response);
        assertThat(response.headers().firstValue("X-Tandem-Usage")).contains(PROVIDER_ID + "=1200/300");
        assertThat(response.headers().firstValue("X-Tandem-Cost-Usd")).contains(dollars(cost(PROVIDER_PRICE, 1200, 300)));
        assertThat(body.at("/usage/prompt_tokens").asLong()).isEqualTo(1200);
        assertThat(body.at("/usage/completion_tokens").asLong()).isEqualTo(300);
        assertThat(body.at("/usage/total_tokens").asLong()).isEqualTo(1500);
    }

    @Test
    void should_report_and_price_every_call_that_answered_when_both_models_and_the_merge_ran() throws Exception {
        ollama.respond(r -> r.lastUserText().contains("Draft A")
                ? Reply.text("Merged: the ferry leaves hourly.").withUsage(2000, 100)
                : Reply.text("Local draft: hourly.").withUsage(800, 150));
        openai.respond(r -> Reply.text("Provider draft: every hour.").withUsage(1200, 300));

        HttpResponse<String> response = chat(tandem, question("fuse"));

        JsonNode body = ok(response);
        assertThat(Arrays.asList(response.headers().firstValue("X-Tandem-Usage").orElseThrow().split(",")))
                .containsExactlyInAnyOrder(LOCAL_ID + "=800/150", PROVIDER_ID + "=1200/300", LOCAL_ID + "=2000/100");
        double expected = cost(LOCAL_PRICE, 800, 150) + cost(PROVIDER_PRICE, 1200, 300) + cost(LOCAL_PRICE, 2000, 100);
        assertThat(response.headers().firstValue("X-Tandem-Cost-Usd")).contains(dollars(expected));
        assertThat(body.at("/tandem/cost_usd/total").asDouble()).isCloseTo(expected, within(1e-12));
        assertThat(body.at("/usage/prompt_tokens").asLong()).isEqualTo(800 + 1200 + 2000);
        assertThat(body.at("/usage/completion_tokens").asLong()).isEqualTo(150 + 300 + 100);
    }

    @Test
    void should_give_no_total_cost_when_a_backend_that_answered_has_no_price() throws Exception {
        ollama.respond(r -> Reply.text("Local draft: hourly.").withUsage(800, 150));
        openai.respond(r -> Reply.text("Provider draft: every hour.").withUsage(1200, 300));

        HttpResponse<String> response = chat(localUnpriced, question("fuse"));

        JsonNode body = ok(response);
        assertThat(response.headers().firstValue("X-Tandem-Usage").orElseThrow()).contains(LOCAL_ID + "=800/150");
        assertThat(response.headers().firstValue("X-Tandem-Cost-Usd")).isEmpty();
        assertThat(body.at("/tandem/cost_usd/total").isNull()).isTrue();
        assertThat(body.at("/tandem/cost_usd/by_backend").get(LOCAL_ID).isNull()).isTrue();
        assertThat(body.at("/tandem/cost_usd/by_backend").get(PROVIDER_ID).asDouble())
                .isCloseTo(cost(PROVIDER_PRICE, 1200, 300), within(1e-12));
    }

    @Test
    void should_report_full_agreement_when_both_models_give_the_same_answer() throws Exception {
        bothDraft("The ferry leaves at noon.", "The ferry leaves at noon.");

        JsonNode body = ok(chat(tandem, question("fuse")));

        assertThat(body.at("/tandem/agreement").asDouble()).isEqualTo(1.0);
        assertThat(body.at("/tandem/answers_disagree").isBoolean()).isTrue();
        assertThat(body.at("/tandem/answers_disagree").asBoolean()).isFalse();
    }

    @Test
    void should_flag_answers_that_share_no_word_as_disagreeing() throws Exception {
        bothDraft("Noon.", "Midnight sharp.");

        JsonNode body = ok(chat(tandem, question("fuse")));

        assertThat(body.at("/tandem/agreement").asDouble()).isEqualTo(0.0);
        assertThat(body.at("/tandem/answers_disagree").asBoolean()).isTrue();
    }

    @Test
    void should_say_nothing_about_agreement_when_only_one_model_answered() throws Exception {
        openai.respond(r -> Reply.text("Provider says: hourly."));

        JsonNode body = ok(chat(tandem, question("provider-first")));

        assertThat(body.at("/tandem").has("agreement")).isFalse();
        assertThat(body.at("/tandem").has("answers_disagree")).isFalse();
    }

    private void bothDraft(String localDraft, String providerDraft) {
        ollama.respond(r -> r.lastUserText().contains("Draft A") ? Reply.text("Merged answer.") : Reply.text(localDraft));
        openai.respond(r -> Reply.text(providerDraft));
    }

    private static Map<String, Object> question(String strategy) {
        return Map.of("model", "tandem", "messages", user("When does the ferry leave?"),
                "tandem", Map.of("strategy", strategy, "retrieve", false));
    }

    private static double cost(double[] pricePerMillion, long inputTokens, long outputTokens) {
        return (inputTokens * pricePerMillion[0] + outputTokens * pricePerMillion[1]) / 1_000_000;
    }

    /** The header's form: US dollars with six decimals. */
    private static String dollars(double amount) {
        return BigDecimal.valueOf(amount).setScale(6, RoundingMode.HALF_UP).toPlainString();
    }
}
