package dev.tandem.llm.backend.openai;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.BackendException;
import dev.tandem.llm.ChatBackend;
import dev.tandem.llm.ChatPrompt;
import dev.tandem.llm.Deadlines;
import dev.tandem.llm.ModelDescription;
import dev.tandem.llm.ModelDescription.InferenceSettings;
import dev.tandem.llm.ModelDescription.ModelCapabilities;
import dev.tandem.llm.ModelDescription.ModelIdentification;
import dev.tandem.llm.ModelDescription.TokenizerDetails;
import dev.tandem.llm.backend.BackendFailures;
import dev.tandem.llm.backend.BackendHttp;
import dev.tandem.llm.backend.Endpoints;
import dev.tandem.llm.backend.WholeAnswers;
import dev.tandem.llm.backend.openai.ArrivingLines.Arrival;
import dev.tandem.llm.backend.openai.ArrivingLines.Broken;
import dev.tandem.llm.backend.openai.ArrivingLines.Head;
import dev.tandem.llm.backend.openai.ArrivingLines.Line;

/**
 * A model behind the OpenAI chat completions API (OpenAI itself, vLLM, LM Studio, llama.cpp server, ...), on plain
 * HTTP clients (whole answers on {@link WholeAnswers}, streams on the JDK's), so that status, Retry-After, error codes,
 * exact usage and cut streams are all visible. Streamed tokens reach {@code onToken} on the calling thread.
 */
public final class OpenAiCompatibleBackend implements ChatBackend {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final URI completions;
    private final String endpoint;
    private final String apiKey;
    private final String model;
    private final Double temperature;
    private final Integer maxTokens;
    private final BackendFailures failures;
    /** Streams. */
    private final HttpClient http;
    /** Whole answers. */
    private final WholeAnswers answers;

    /**
     * @param baseUrl     as OpenAI clients take it, e.g. {@code https://api.openai.com/v1}
     * @param apiKey      sent as a bearer token; {@code null} for servers that need none
     * @param temperature default for prompts that do not set one ({@code null}: the server's)
     * @param maxTokens   default for prompts that do not set one ({@code null}: the server's)
     */
    public OpenAiCompatibleBackend(String baseUrl, String apiKey, String model, Double temperature,
            Integer maxTokens) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.completions = URI.create(base + "/chat/completions");
        this.endpoint = Endpoints.withoutCredentials(base);
        this.apiKey = apiKey;
        this.model = model;
        this.temperature = temperature;
        this.maxTokens = maxTokens;
        this.failures = new BackendFailures("The OpenAI-compatible API", "TANDEM_OPENAI_BASE_URL", endpoint);
        this.http = BackendHttp.client(CONNECT_TIMEOUT);
        this.answers = new WholeAnswers(CONNECT_TIMEOUT);
    }

    @Override
    public String kind() {
        return "openai";
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public Role role() {
        return Role.PROVIDER;
    }

    @Override
    public BackendAnswer chat(ChatPrompt prompt, Deadlines deadlines) {
        Instant deadline = Instant.now().plus(deadlines.total());
        WholeAnswers.Answer response = answers.send("POST", completions, authorization(),
                OpenAiJson.request(model, prompt, temperature, maxTokens, false), deadline,
                () -> failures.timeout(deadlines.total()), failures);
        if (response.status() != 200) {
            throw failure(response.status(), response.header("Retry-After"), response.body());
        }
        return OpenAiJson.completion(response.body(), failures);
    }

    @Override
    public BackendAnswer stream(ChatPrompt prompt, Deadlines deadlines, Consumer<String> onToken) {
        Instant deadline = Instant.now().plus(deadlines.total());
        Instant firstTokenBy = min(Instant.now().plus(deadlines.firstToken()), deadline);
        ArrivingLines lines = new ArrivingLines();
        CompletableFuture<HttpResponse<Void>> exchange =
                http.sendAsync(post(OpenAiJson.request(model, prompt, temperature, maxTokens, true)).build(), lines);
        exchange.whenComplete((response, failure) -> {
            if (failure != null) {
                lines.exchangeFailed(failure);
            }
        });
        Runnable abort = () -> {
            exchange.cancel(true);
            lines.stopReading();
        };
        OpenAiStreamedAnswer answer = new OpenAiStreamedAnswer(failures);
        Arrival arrival = lines.next(firstTokenBy, abort, () -> failures.firstTokenTimeout(deadlines.firstToken()),
                failures);
        if (arrival instanceof Broken broken) {
            throw failures.unreachable(broken.cause());
        }
        Head head = (Head) arrival;
        if (head.status() != 200) {
            throw failure(head.status(), head.headers().firstValue("Retry-After"),
                    errorBody(lines, deadline, abort, deadlines.total()));
        }
        try {
            while (!answer.done()) {
                arrival = answer.hasText()
                        ? lines.next(deadline, abort, () -> failures.timeout(deadlines.total()), failures)
                        : lines.next(firstTokenBy, abort, () -> failures.firstTokenTimeout(deadlines.firstToken()),
                                failures);
                if (!(arrival instanceof Line line)) {
                    break; // the body ended or broke: answer() tells a complete answer from a cut one
                }
                answer.accept(line.text()).ifPresent(onToken);
            }
            return answer.answer();
        } catch (BackendException failed) {
            abort.run(); // free the connection of a stream nobody reads any more
            throw failed;
        }
    }

    @Override
    public ModelDescription describe() {
        return new ModelDescription(
                new ModelIdentification(id(), "openai-compatible", model, null, null, null, endpoint),
                new ModelCapabilities(null, true, true, false, null),
                new InferenceSettings(temperature, maxTokens, null, Map.of()),
                new TokenizerDetails(null, "configuration"));
    }

    private String errorBody(ArrivingLines lines, Instant deadline, Runnable abort, Duration total) {
        StringBuilder body = new StringBuilder();
        for (Arrival arrival = lines.next(deadline, abort, () -> failures.timeout(total), failures);
                arrival instanceof Line line;
                arrival = lines.next(deadline, abort, () -> failures.timeout(total), failures)) {
            body.append(line.text()).append('\n');
        }
        return body.toString();
    }

    private BackendException failure(int status, Optional<String> retryAfter, String body) {
        OpenAiJson.ErrorBody error = OpenAiJson.error(body);
        return failures.forStatus(status, error.message(), error.code(), retryAfter);
    }

    private Map<String, List<String>> authorization() {
        return apiKey != null && !apiKey.isBlank() ? Map.of("Authorization", List.of("Bearer " + apiKey)) : Map.of();
    }

    private HttpRequest.Builder post(String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(completions)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        authorization().forEach((name, values) -> values.forEach(value -> request.header(name, value)));
        return request;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
