package dev.tandem.llm.api;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.tandem.http.ApiException;
import dev.tandem.llm.BackendException;
import dev.tandem.llm.BackendException.Kind;
import dev.tandem.llm.Prices;
import dev.tandem.llm.TokenUsage;
import dev.tandem.llm.ToolCall;
import dev.tandem.llm.plan.BranchResult;
import dev.tandem.llm.plan.Passage;
import dev.tandem.llm.plan.PlanRun;
import dev.tandem.llm.plan.Steps;

/**
 * What a finished {@link PlanRun} amounts to: the answer text, the metadata for the {@code tandem} object and the
 * {@code X-Tandem-*} headers (plan, winner and why, usage as each backend reported it, cost, degraded flags,
 * citations), or the failure to report.
 */
public final class ChatOutcome {

    private static final Pattern CITATION = Pattern.compile("\\[(\\d{1,2})]");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final double DISAGREEMENT_BELOW = 0.2;
    private static final String CONFIGURE = " To configure a model: run Ollama and set TANDEM_OLLAMA_URL and"
            + " TANDEM_OLLAMA_MODEL, or set TANDEM_PROVIDER=bedrock|openai (see the README).";

    private final PlanRun run;
    private final Prices prices;

    public ChatOutcome(PlanRun run, Prices prices) {
        this.run = run;
        this.prices = prices;
    }

    public PlanRun run() {
        return run;
    }

    public boolean answered() {
        return run.winner().isPresent();
    }

    public BranchResult winner() {
        return run.winner().orElseThrow().result();
    }

    /** The answer a user sees, as its strategy shows it. */
    public String text() {
        return run.strategy().shown(winner());
    }

    /** The text as the winning backend streamed it, or as one piece. */
    public List<String> pieces() {
        List<String> pieces = winner().pieces();
        return pieces.isEmpty() || !String.join("", pieces).equals(text()) ? List.of(text()) : pieces;
    }

    /** The tool calls of the answer: with the legacy {@code functions}, the first alone (one call per answer). */
    public List<ToolCall> toolCalls() {
        List<ToolCall> calls = winner().answer().toolCalls();
        return run.request().legacyFunctions() && calls.size() > 1 ? calls.subList(0, 1) : calls;
    }

    public String finishReason() {
        return winner().answer().finishReason();
    }

    /** Input and output tokens summed over every backend that answered (the tokens paid for). */
    public TokenUsage totalUsage() {
        long in = 0;
        long out = 0;
        for (BranchResult r : run.answered()) {
            in += r.answer().usage().inputTokens();
            out += r.answer().usage().outputTokens();
        }
        return new TokenUsage(in, out, Map.of());
    }

    public Map<String, Object> metadata() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("strategy", run.strategy().name());
        m.put("plan", run.executed());
        m.put("planned", run.planned());
        run.winner().ifPresent(w -> m.put("winner", Map.of("step", w.result().step(),
                "backend", w.result().backend().id(), "reason", w.reason())));
        Map<String, Object> usage = new LinkedHashMap<>();
        Map<String, Object> cost = new LinkedHashMap<>();
        for (BranchResult r : run.answered()) {
            usage.put(label(r), r.answer().usage().reported());
            cost.put(label(r), costOf(r));
        }
        m.put("usage", usage);
        Map<String, Object> costs = new LinkedHashMap<>();
        costs.put("total", estimatedCost().orElse(null));
        costs.put("by_backend", cost);
        m.put("cost_usd", costs);
        m.put("degraded", run.degraded());
        if (run.request().prompt().options().structured()) {
            StructuredAgreement.of(run.answer(Steps.LOCAL), run.answer(Steps.PROVIDER))
                    .ifPresent(agreed -> m.put("structured_answers_agree", agreed));
        } else {
            agreement().ifPresent(a -> {
                m.put("agreement", a);
                m.put("answers_disagree", a < DISAGREEMENT_BELOW);
                m.put("answers", bothAnswers());
            });
        }
        if (answered()) {
            m.put("citations", citations());
        }
        return m;
    }

    public Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-Tandem-Strategy", run.strategy().name());
        run.winner().ifPresent(w -> h.put("X-Tandem-Winner", w.result().backend().id()));
        h.put("X-Tandem-Degraded", run.degraded().isEmpty() ? "none" : String.join(",", run.degraded()));
        h.put("X-Tandem-Plan", run.executed().steps().stream()
                .map(s -> s.name() + ":" + s.outcome() + ":" + s.durationMs() + "ms").collect(Collectors.joining(",")));
        h.put("X-Tandem-Usage", run.answered().stream().map(r -> r.backend().id() + "="
                + r.answer().usage().inputTokens() + "/" + r.answer().usage().outputTokens())
                .collect(Collectors.joining(",")));
        // as %.6f would print it, without a Formatter per request
        estimatedCost().ifPresent(c -> h.put("X-Tandem-Cost-Usd",
                BigDecimal.valueOf(c).setScale(6, RoundingMode.HALF_UP).toPlainString()));
        return h;
    }

    /**
     * The estimated cost of every backend call that answered; none when one of them has no price, since a total
     * that leaves a call out would pass for the whole cost.
     */
    public Optional<Double> estimatedCost() {
        double total = 0;
        for (BranchResult r : run.answered()) {
            Double cost = costOf(r);
            if (cost == null) {
                return Optional.empty();
            }
            total += cost;
        }
        return Optional.of(total);
    }

    private Double costOf(BranchResult r) {
        return prices.of(r.backend().id()).map(p -> p.of(r.answer().usage())).orElse(null);
    }

    /** The backend, and the step when it is not the backend's answer itself: {@code ollama/llama3.2 (merge)}. */
    private static String label(BranchResult r) {
        boolean answer = Steps.LOCAL.equals(r.step()) || Steps.PROVIDER.equals(r.step());
        return r.backend().id() + (answer ? "" : " (" + r.step() + ")");
    }

    /** The passages the answer cites as [n]; all passages given as context when it cites none. */
    public List<Passage> citations() {
        Set<Integer> cited = new LinkedHashSet<>();
        Matcher m = CITATION.matcher(text());
        while (m.find()) {
            cited.add(Integer.parseInt(m.group(1)));
        }
        List<Passage> passages = run.passages();
        List<Passage> used = passages.stream().filter(p -> cited.contains(p.n())).toList();
        return used.isEmpty() ? passages : used;
    }

    /** The local and the provider answer, for a reader who wants to compare what the agreement measured. */
    private List<Map<String, Object>> bothAnswers() {
        return Stream.of(Steps.LOCAL, Steps.PROVIDER).flatMap(step -> run.answer(step).stream())
                .map(r -> Map.<String, Object>of("step", r.step(), "backend", r.backend().id(),
                        "text", r.answer().text()))
                .toList();
    }

    /** Word overlap (Jaccard) of the local and provider answers when both answered. */
    Optional<Double> agreement() {
        var local = run.answer(Steps.LOCAL);
        var provider = run.answer(Steps.PROVIDER);
        if (local.isEmpty() || provider.isEmpty()) {
            return Optional.empty();
        }
        Set<String> a = words(local.get().answer().text());
        Set<String> b = words(provider.get().answer().text());
        Set<String> union = new LinkedHashSet<>(a);
        union.addAll(b);
        if (union.isEmpty()) {
            return Optional.empty();
        }
        long common = a.stream().filter(b::contains).count();
        return Optional.of(Math.round(1000.0 * common / union.size()) / 1000.0);
    }

    /** Why no answer came: the status, code and message of the error to return. */
    public Failure failure() {
        List<BranchResult> failures = run.failures().stream()
                .filter(r -> r.failure().kind() != Kind.CANCELLED).toList();
        List<String> reasons = new ArrayList<>();
        failures.forEach(r -> reasons.add(r.backend().id() + ": " + r.failure().getMessage()));
        String why = String.join("; ", reasons);
        if (!failures.isEmpty() && failures.stream().allMatch(r -> r.failure().kind() == Kind.REJECTED)) {
            BackendException first = failures.get(0).failure();
            String code = first.code().orElse("rejected");
            if ("authentication".equals(code)) {
                return new Failure(502, "server_error", "backend_authentication_failed", why, null);
            }
            return new Failure(400, "invalid_request_error", code, why, null);
        }
        if (!failures.isEmpty() && failures.stream().allMatch(r -> r.failure().kind() == Kind.INVALID)) {
            return new Failure(502, "server_error", "invalid_model_output", "No model gave an answer valid for the"
                    + " request's tools or response_format: " + why, null);
        }
        if (failures.size() == 1) {
            BackendException f = failures.get(0).failure();
            return switch (f.kind()) {
                case RATE_LIMITED -> new Failure(429, "rate_limit_error", "rate_limit_exceeded", why,
                        f.retryAfter().map(d -> String.valueOf(Math.max(1, d.toSeconds()))).orElse(null));
                case TIMEOUT, FIRST_TOKEN_TIMEOUT -> new Failure(504, "server_error", "backend_timeout", why, null);
                case UNREACHABLE, CIRCUIT_OPEN -> new Failure(503, "server_error", "backend_unavailable",
                        why + (run.request().hybrid() ? CONFIGURE : ""), null);
                default -> new Failure(502, "server_error", "backend_error", why, null);
            };
        }
        boolean allSlow = !failures.isEmpty() && failures.stream()
                .allMatch(r -> r.failure().kind() == Kind.TIMEOUT || r.failure().kind() == Kind.FIRST_TOKEN_TIMEOUT);
        if (allSlow) {
            return new Failure(504, "server_error", "backends_timeout", "No model answered in time: " + why, null);
        }
        return new Failure(503, "server_error", "backends_unavailable", "No model could answer: " + why + CONFIGURE,
                null);
    }

    /**
     * What {@code /api/ask} and the {@code ask} tool answer: the answer with its citations; with no model, the
     * passages as an extractive answer and a statement of why; nothing at all only when there are no passages
     * either ({@link #asApiException()}).
     */
    public Map<String, Object> askAnswer() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("question", run.request().question());
        if (answered()) {
            body.put("answer", text());
            body.put("model", winner().backend().id());
            body.put("citations", citations());
        } else if (!run.passages().isEmpty()) {
            body.put("answer", "No language model is reachable, so here are the passages from your documents that"
                    + " match the question. " + failure().message());
            body.put("model", null);
            body.put("extractive", true);
            body.put("citations", run.passages());
        } else {
            throw asApiException();
        }
        body.put("tandem", metadata());
        return body;
    }

    /** The failure as the HTTP error to return, with the passages and an extractive answer when there are any. */
    public ApiException asApiException() {
        Failure f = failure();
        Map<String, Object> tandem = new LinkedHashMap<>(metadata());
        if (!run.passages().isEmpty()) {
            tandem.put("passages", new ArrayList<>(run.passages()));
            tandem.put("extractive_answer", extractiveAnswer());
        }
        Map<String, String> headers = new LinkedHashMap<>(headers());
        if (f.retryAfterSeconds() != null) {
            headers.put("Retry-After", f.retryAfterSeconds());
        }
        return new ApiException(f.status(), f.type(), f.code(), f.message(), Map.of("tandem", tandem), headers);
    }

    public record Failure(int status, String type, String code, String message, String retryAfterSeconds) {
    }

    /** The retrieved passages as an answer of their own, for when no model could write one. */
    public String extractiveAnswer() {
        return run.passages().stream().map(p -> "[" + p.n() + "] " + p.text()).collect(Collectors.joining("\n\n"));
    }

    private static Set<String> words(String text) {
        Set<String> words = new LinkedHashSet<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }
}
