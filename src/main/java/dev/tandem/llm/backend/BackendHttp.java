package dev.tandem.llm.backend;

import java.net.http.HttpClient;
import java.time.Duration;

/** The JDK HTTP client the HTTP backends stream through (whole answers: {@link WholeAnswers}). */
public final class BackendHttp {

    private BackendHttp() {
    }

    /**
     * HTTP/1.1, and the client's own steps (reading a response, completing its future) run on its selector thread
     * instead of being handed to a pool thread first: one thread wake-up less on every answer's path. Safe because
     * nothing Tandem subscribes to a response blocks (bodies go to strings or to queues read on the branch's thread).
     */
    public static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .executor(Runnable::run).build();
    }
}
