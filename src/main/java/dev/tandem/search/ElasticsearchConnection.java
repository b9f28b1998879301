package dev.tandem.search;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientOptions;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import org.apache.camel.component.es.ElasticsearchComponent;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One low-level REST client for a cluster, shared by the typed client, search and health; and the settings from which
 * the Camel component builds the clients of its own producers. Search and health have short deadlines of their own:
 * a cluster that stalls must not hold a search or a health check for the 30 s that bulk writes may need.
 */
public final class ElasticsearchConnection implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MS = 2_000;
    private static final int SOCKET_TIMEOUT_MS = 30_000;
    /** A request outlives its caller's deadline by this much, so that the deadline, not the socket, decides. */
    private static final Duration REQUEST_GRACE = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchConnection.class);

    private final URI url;
    private final RestClient restClient;
    private final ElasticsearchClient client;
    private final Duration searchTimeout;
    private final ElasticsearchAsyncClient searchClient;
    private final Duration healthTimeout;
    private final ElasticsearchAsyncClient healthClient;

    /** A connection whose searches and health checks may take as long as any request (tools, benchmarks). */
    public ElasticsearchConnection(URI url) {
        this(url, Duration.ofMillis(SOCKET_TIMEOUT_MS), Duration.ofMillis(SOCKET_TIMEOUT_MS));
    }

    /** {@code searchTimeout} bounds each request of a search, {@code healthTimeout} the health check. */
    public ElasticsearchConnection(URI url, Duration searchTimeout, Duration healthTimeout) {
        this.url = url;
        this.searchTimeout = searchTimeout;
        this.healthTimeout = healthTimeout;
        RestClientBuilder builder = RestClient.builder(new HttpHost(url.getHost(), port(url), url.getScheme()))
                .setRequestConfigCallback(c -> c.setConnectTimeout(CONNECT_TIMEOUT_MS).setSocketTimeout(SOCKET_TIMEOUT_MS));
        if (url.getRawUserInfo() != null) {
            String[] userAndPassword = url.getRawUserInfo().split(":", 2);
            BasicCredentialsProvider credentials = new BasicCredentialsProvider();
            credentials.setCredentials(AuthScope.ANY, new UsernamePasswordCredentials(decode(userAndPassword[0]),
                    userAndPassword.length > 1 ? decode(userAndPassword[1]) : ""));
            builder.setHttpClientConfigCallback(h -> h.setDefaultCredentialsProvider(credentials));
        }
        restClient = builder.build();
        RestClientTransport transport = new RestClientTransport(restClient, new JacksonJsonpMapper());
        client = new ElasticsearchClient(transport);
        searchClient = new ElasticsearchAsyncClient(transport, within(transport, searchTimeout.plus(REQUEST_GRACE)));
        healthClient = new ElasticsearchAsyncClient(transport, within(transport, healthTimeout.plus(REQUEST_GRACE)));
    }

    /**
     * The transport's options with every wait of a request (a pooled connection, connecting, each read) bounded, so
     * that a request its caller gave up on frees its connection soon after.
     */
    private static RestClientOptions within(RestClientTransport transport, Duration timeout) {
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        RestClientOptions.Builder options = (RestClientOptions.Builder) transport.options().toBuilder();
        options.restClientRequestOptionsBuilder().setRequestConfig(RequestConfig.custom()
                .setConnectionRequestTimeout(millis)
                .setConnectTimeout(Math.min(millis, CONNECT_TIMEOUT_MS))
                .setSocketTimeout(millis)
                .build());
        return options.build();
    }

    public RestClient restClient() {
        return restClient;
    }

    /**
     * Points the Camel component at the same cluster. Not the shared client: a producer closes its client when its
     * route stops, as a route reload does, and would take search and health down with it.
     */
    public void configure(ElasticsearchComponent component) {
        component.setHostAddresses(url.getHost() + ":" + port(url));
        component.setEnableSSL("https".equals(url.getScheme()));
        component.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        component.setSocketTimeout(SOCKET_TIMEOUT_MS);
        if (url.getRawUserInfo() != null) {
            String[] userAndPassword = url.getRawUserInfo().split(":", 2);
            component.setUser(decode(userAndPassword[0]));
            component.setPassword(userAndPassword.length > 1 ? decode(userAndPassword[1]) : "");
        }
    }

    public ElasticsearchClient client() {
        return client;
    }

    /** The client of searches: callers wait at most {@link #searchTimeout()} for each request. */
    public ElasticsearchAsyncClient searchClient() {
        return searchClient;
    }

    public Duration searchTimeout() {
        return searchTimeout;
    }

    /**
     * Why the cluster cannot serve reads now, within the health timeout: it does not answer in time, cannot be
     * reached, or is red. Empty when it is green or yellow.
     */
    public Optional<String> healthProblem() {
        CompletableFuture<HealthResponse> health = healthClient.cluster().health();
        try {
            HealthStatus status = health.get(healthTimeout.toMillis(), TimeUnit.MILLISECONDS).status();
            return status == HealthStatus.Red ? Optional.of("Elasticsearch's cluster is red") : Optional.empty();
        } catch (TimeoutException e) {
            health.cancel(true);
            return Optional.of("Elasticsearch did not answer within " + healthTimeout.toMillis()
                    + " ms (TANDEM_ES_HEALTH_TIMEOUT_MS)");
        } catch (ExecutionException e) {
            LOG.debug("Elasticsearch health check failed", e.getCause());
            return Optional.of("Elasticsearch cannot be reached");
        } catch (InterruptedException e) {
            health.cancel(true);
            Thread.currentThread().interrupt();
            return Optional.of("The health check was interrupted");
        }
    }

    @Override
    public void close() throws IOException {
        restClient.close();
    }

    private static int port(URI url) {
        if (url.getPort() > 0) {
            return url.getPort();
        }
        return "https".equals(url.getScheme()) ? 443 : 9200;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
