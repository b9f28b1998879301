package dev.tandem.llm.plan;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.llm.BackendAnswer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The {@code local-first} quality check. The local model is asked ({@link #INSTRUCTION}) to end with a self-rated
 * confidence line, or to answer only {@code ESCALATE} when it judges the question too hard; its answer fails when
 * it is empty, a refusal, cut off, below the confidence threshold, or escalated. A JSON answer cannot carry a line:
 * when its request's schema asks for a top-level number {@code confidence}, that number is its rating. Counts its
 * verdicts, so the share of provider calls avoided is visible in the metrics.
 */
public final class AnswerCheck {

    public static final String INSTRUCTION = "After your answer, add a last line 'Confidence: <a number from 0 to 1>'"
            + " rating how sure you are that the answer is correct and complete. If the question needs knowledge or"
            + " reasoning you do not have, answer only with the word ESCALATE.";

    /** {@code reason} is shown in the executed plan. */
    public record Verdict(boolean passed, String reason) {
    }

    private static final Pattern CONFIDENCE = Pattern.compile("(?im)^\\W*confidence\\W*[:=]?\\s*([01](?:\\.\\d+)?)\\W*$");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> REFUSALS = List.of("i can't help", "i cannot help", "i can't assist",
            "i cannot assist", "i'm sorry, but i can", "i am unable to", "i'm unable to", "as an ai language model");

    private final double minConfidence;
    private final Counter kept;
    private final Counter escalated;

    public AnswerCheck(double minConfidence, MeterRegistry metrics) {
        this.minConfidence = minConfidence;
        this.kept = Counter.builder("tandem.llm.local_first").tag("decision", "provider_skipped")
                .description("local-first answers that passed the check").register(metrics);
        this.escalated = Counter.builder("tandem.llm.local_first").tag("decision", "escalated")
                .description("local-first answers that failed the check").register(metrics);
    }

    public Verdict judge(BackendAnswer answer) {
        Verdict verdict = verdictOf(answer);
        (verdict.passed() ? kept : escalated).increment();
        return verdict;
    }

    private Verdict verdictOf(BackendAnswer answer) {
        if (answer.hasToolCalls()) {
            return new Verdict(true, "a tool call valid against its schema");
        }
        String text = answer.text().strip();
        String body = withoutConfidence(text).strip();
        if (body.isEmpty()) {
            return new Verdict(false, "empty answer");
        }
        if (body.equalsIgnoreCase("ESCALATE") || body.toUpperCase(Locale.ROOT).startsWith("ESCALATE")) {
            return new Verdict(false, "the local model classified the question as hard");
        }
        if (answer.cutOff()) {
            return new Verdict(false, "cut off by the token limit");
        }
        String lower = body.toLowerCase(Locale.ROOT);
        if (REFUSALS.stream().anyMatch(lower::contains)) {
            return new Verdict(false, "a refusal");
        }
        Optional<Double> confidence = confidenceOf(text);
        if (confidence.isPresent() && confidence.get() < minConfidence) {
            return new Verdict(false, "self-rated confidence " + confidence.get() + " < " + minConfidence);
        }
        return new Verdict(true, confidence.map(c -> "self-rated confidence " + c).orElse("no confidence given"));
    }

    /** The answer a user sees: without the confidence line the instruction asked for; JSON stays whole. */
    public static String withoutConfidence(String text) {
        return jsonObject(text).isPresent() ? text : CONFIDENCE.matcher(text).replaceAll("").strip();
    }

    static Optional<Double> confidenceOf(String text) {
        Optional<JsonNode> json = jsonObject(text);
        if (json.isPresent()) {
            JsonNode rating = json.get().path("confidence");
            return rating.isNumber() ? Optional.of(rating.asDouble()) : Optional.empty();
        }
        Matcher m = CONFIDENCE.matcher(text);
        Double last = null;
        while (m.find()) {
            last = Double.parseDouble(m.group(1));
        }
        return Optional.ofNullable(last);
    }

    private static Optional<JsonNode> jsonObject(String text) {
        if (!text.strip().startsWith("{")) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(JSON.readTree(text)).filter(JsonNode::isObject);
        } catch (JsonProcessingException notJson) {
            return Optional.empty();
        }
    }
}
