package dev.tandem.llm.backend.ollama;

import java.time.Duration;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.tandem.llm.backend.BackendFailures;
import dev.tandem.llm.backend.BackendHttp;
import dev.tandem.llm.backend.WholeAnswers;

/** Builds the {@link OllamaHttpClient} that langchain4j's Ollama models use instead of their own JDK client. */
final class OllamaHttpClientBuilder implements HttpClientBuilder {

    private final BackendFailures failures;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(60);

    OllamaHttpClientBuilder(BackendFailures failures) {
        this.failures = failures;
    }

    @Override
    public Duration connectTimeout() {
        return connectTimeout;
    }

    @Override
    public HttpClientBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = timeout;
        return this;
    }

    /** Bounds exchanges made outside a {@link OllamaCall} (describe); calls bring their own deadline. */
    @Override
    public Duration readTimeout() {
        return readTimeout;
    }

    @Override
    public HttpClientBuilder readTimeout(Duration timeout) {
        this.readTimeout = timeout;
        return this;
    }

    @Override
    public HttpClient build() {
        return new OllamaHttpClient(BackendHttp.client(connectTimeout), new WholeAnswers(connectTimeout),
                readTimeout, failures);
    }
}
