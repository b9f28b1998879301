package dev.tandem.llm.backend;

import java.io.IOException;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

import dev.tandem.llm.BackendException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * A backend's whole answer (not a stream), read on the calling thread: the thread writes the request and blocks on
 * the socket until the answer is in, so the kernel wakes it straight, with no selector thread in between as with the
 * JDK client: one thread wake-up less on every answer's path (README, "LLM gateway overhead"). Apache HttpClient 5,
 * classic API, pooling keep-alive connections. Its sockets are those of NIO socket channels, which an interrupt
 * closes: a branch cancelled by an interrupt stops at once and its connection is dropped, not returned to the pool.
 */
public final class WholeAnswers {

    /** Connections per backend: one per branch in flight, at least as many as the HTTP server's workers (200). */
    private static final int PER_BACKEND = 256;

    /** An answer: its status, headers (names as sent) and body. */
    public record Answer(int status, Map<String, List<String>> headers, String body) {

        /** The first value of a header, whatever the case of its name. */
        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                    .flatMap(h -> h.getValue().stream()).findFirst();
        }
    }

    private final CloseableHttpClient http;

    public WholeAnswers(Duration connectTimeout) {
        PoolingHttpClientConnectionManagerBuilder pool = new PoolingHttpClientConnectionManagerBuilder() {
            @Override
            protected HttpClientConnectionOperator createConnectionOperator(SchemePortResolver ports, DnsResolver dns,
                    TlsSocketStrategy tls) {
                return new DefaultHttpClientConnectionOperator(WholeAnswers::interruptibleSocket, ports, dns,
                        RegistryBuilder.<TlsSocketStrategy>create().register("https", tls).build());
            }
        };
        pool.setTlsSocketStrategy(DefaultClientTlsStrategy.createSystemDefault()).setMaxConnPerRoute(PER_BACKEND)
                .setMaxConnTotal(4 * PER_BACKEND).setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(connectTimeout))
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1)).build());
        http = HttpClients.custom().setConnectionManager(pool.build()).disableAutomaticRetries()
                .disableRedirectHandling().disableCookieManagement().disableContentCompression().build();
    }

    private static Socket interruptibleSocket(Proxy proxy) throws IOException {
        return proxy == null || proxy.type() == Proxy.Type.DIRECT ? SocketChannel.open().socket() : new Socket(proxy);
    }

    /**
     * Sends a request ({@code json} null: no body) and returns the answer once it is read whole. The time left before
     * the deadline bounds the wait for each read; past the deadline {@code late} is thrown. An interrupt of the
     * calling thread aborts the call ({@link BackendFailures#cancelled()}) and leaves the thread interrupted.
     */
    public Answer send(String method, URI uri, Map<String, List<String>> headers, String json, Instant deadline,
            Supplier<BackendException> late, BackendFailures failures) {
        Duration left = Duration.between(Instant.now(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw late.get();
        }
        HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
        headers.forEach((name, values) -> values.forEach(value -> request.addHeader(name, value)));
        if (json != null) {
            request.setEntity(new ByteArrayEntity(json.getBytes(StandardCharsets.UTF_8),
                    ContentType.APPLICATION_JSON));
        }
        request.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(left))
                .setConnectionRequestTimeout(Timeout.of(left)).build());
        try {
            return http.execute(request, response -> {
                Map<String, List<String>> named = new LinkedHashMap<>();
                for (Header header : response.getHeaders()) {
                    named.computeIfAbsent(header.getName(), name -> new ArrayList<>()).add(header.getValue());
                }
                String body = response.getEntity() == null ? ""
                        : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
                return new Answer(response.getCode(), named, body);
            });
        } catch (CancellationException e) {
            // the pool gave up waiting for a connection because the thread was interrupted
            Thread.currentThread().interrupt();
            throw failures.cancelled();
        } catch (ConnectTimeoutException e) {
            throw failures.unreachable(e);
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw failures.cancelled();
            }
            if (e instanceof SocketTimeoutException) {
                throw late.get();
            }
            throw failures.unreachable(e);
        }
    }
}
