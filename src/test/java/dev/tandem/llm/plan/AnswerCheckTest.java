package dev.tandem.llm.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.TokenUsage;
import dev.tandem.llm.ToolCall;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The local-first check: which local answers are good enough to skip the provider, and why the others are not. */
class AnswerCheckTest {

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AnswerCheck check = new AnswerCheck(0.7, metrics);

    @Test
    void should_pass_a_confident_answer_and_count_the_provider_call_it_saves() {
        AnswerCheck.Verdict verdict = check.judge(answer("Paris is the capital of France.\nConfidence: 0.9"));

        assertThat(verdict).isEqualTo(new AnswerCheck.Verdict(true, "self-rated confidence 0.9"));
        assertThat(count("provider_skipped")).isEqualTo(1.0);
        assertThat(count("escalated")).isZero();
    }

    @Test
    void should_fail_an_unsure_answer_with_its_rating_and_count_the_escalation() {
        AnswerCheck.Verdict verdict = check.judge(answer("Maybe Lyon.\nConfidence: 0.3"));

        assertThat(verdict).isEqualTo(new AnswerCheck.Verdict(false, "self-rated confidence 0.3 < 0.7"));
        assertThat(count("escalated")).isEqualTo(1.0);
        assertThat(count("provider_skipped")).isZero();
    }

    @Test
    void should_pass_an_answer_rated_exactly_at_the_threshold() {
        assertThat(check.judge(answer("Paris.\nConfidence: 0.7")).passed()).isTrue();
    }

    @Test
    void should_pass_an_answer_without_a_rating() {
        assertThat(check.judge(answer("Paris."))).isEqualTo(new AnswerCheck.Verdict(true, "no confidence given"));
    }

    @Test
    void should_fail_an_empty_answer_or_one_that_is_only_a_rating() {
        assertThat(check.judge(answer("  \n"))).isEqualTo(new AnswerCheck.Verdict(false, "empty answer"));
        assertThat(check.judge(answer("Confidence: 0.9"))).isEqualTo(new AnswerCheck.Verdict(false, "empty answer"));
    }

    @Test
    void should_fail_when_the_local_model_escalates_in_any_case() {
        for (String text : new String[] {"ESCALATE", "escalate", "ESCALATE: this needs current data",
                "Escalate.\nConfidence: 0.95"}) {
            assertThat(check.judge(answer(text))).as(text)
                    .isEqualTo(new AnswerCheck.Verdict(false, "the local model classified the question as hard"));
        }
    }

    @Test
    void should_pass_an_answer_that_only_mentions_escalation_later() {
        assertThat(check.judge(answer("Do not ESCALATE this.\nConfidence: 0.8")).passed()).isTrue();
    }

    @Test
    void should_fail_an_answer_cut_off_by_the_token_limit_however_confident() {
        BackendAnswer cut = new BackendAnswer("Paris is the capital of\nConfidence: 0.99", "length",
                new TokenUsage(1, 1, Map.of()));

        assertThat(check.judge(cut)).isEqualTo(new AnswerCheck.Verdict(false, "cut off by the token limit"));
    }

    @Test
    void should_fail_a_refusal_whatever_its_case() {
        for (String text : new String[] {"I can't help with that.", "I'm sorry, but I cannot do this.",
                "As an AI language model, I have no opinions.", "Sadly I AM UNABLE TO answer."}) {
            assertThat(check.judge(answer(text + "\nConfidence: 0.9"))).as(text)
                    .isEqualTo(new AnswerCheck.Verdict(false, "a refusal"));
        }
    }

    @Test
    void should_take_the_last_rating_when_the_model_gives_several() {
        assertThat(check.judge(answer("Confidence: 0.2\nParis.\nConfidence: 0.8")).reason())
                .isEqualTo("self-rated confidence 0.8");
        assertThat(AnswerCheck.confidenceOf("confidence = 1")).contains(1.0);
        assertThat(AnswerCheck.confidenceOf("no rating")).isEmpty();
    }

    @Test
    void should_show_the_user_the_answer_without_its_rating_line() {
        assertThat(AnswerCheck.withoutConfidence("Paris.\n**Confidence:** 0.85\n")).isEqualTo("Paris.");
        assertThat(AnswerCheck.withoutConfidence("My confidence in Paris is high.")).isEqualTo(
                "My confidence in Paris is high.");
    }

    @Test
    void should_read_the_rating_of_a_json_answer_from_its_confidence_field() {
        assertThat(check.judge(answer("{\"answer\": \"no\", \"confidence\": 0.3}")))
                .isEqualTo(new AnswerCheck.Verdict(false, "self-rated confidence 0.3 < 0.7"));
        assertThat(check.judge(answer("{\"answer\": \"no\", \"confidence\": 0.9}")))
                .isEqualTo(new AnswerCheck.Verdict(true, "self-rated confidence 0.9"));
        assertThat(check.judge(answer("{\"answer\": \"no\"}")))
                .isEqualTo(new AnswerCheck.Verdict(true, "no confidence given"));
    }

    @Test
    void should_show_a_json_answer_whole_even_when_its_rating_stands_on_a_line_of_its_own() {
        String pretty = "{\n  \"answer\": \"no\",\n  \"confidence\": 0.9\n}";

        assertThat(AnswerCheck.withoutConfidence(pretty)).isEqualTo(pretty);
    }

    @Test
    void should_pass_a_tool_call_whatever_text_comes_with_it() {
        // text that would fail the check on its own: a low self-rating
        BackendAnswer call = new BackendAnswer("Let me look that up.\nConfidence: 0.1", "tool_calls",
                new TokenUsage(1, 1, Map.of()),
                List.of(new ToolCall("call_1", "get_weather", "{\"city\": \"Paris\"}")));

        assertThat(check.judge(call)).isEqualTo(new AnswerCheck.Verdict(true, "a tool call valid against its schema"));
        assertThat(count("provider_skipped")).isEqualTo(1.0);
    }

    private static BackendAnswer answer(String text) {
        return new BackendAnswer(text, "stop", new TokenUsage(1, 1, Map.of()));
    }

    private double count(String decision) {
        return metrics.get("tandem.llm.local_first").tag("decision", decision).counter().count();
    }
}
