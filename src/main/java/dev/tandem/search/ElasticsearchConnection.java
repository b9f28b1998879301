package dev.tandem.search;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import org.apache.camel.component.es.ElasticsearchComponent;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

/**
 * One low-level REST client for a cluster, shared by the typed client, search and health; and the settings from which
 * the Camel component builds the clients of its own producers.
 */
public final class ElasticsearchConnection implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MS = 2_000;
    private static final int SOCKET_TIMEOUT_MS = 30_000;

    private final URI url;
    private final RestClient restClient;
    private final ElasticsearchClient client;

    public ElasticsearchConnection(URI url) {
        this.url = url;
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
        client = new ElasticsearchClient(new RestClientTransport(restClient, new JacksonJsonpMapper()));
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

    /** Whether the cluster answers and can serve reads (status green or yellow). */
    public boolean isHealthy() {
        try {
            return !"red".equalsIgnoreCase(client.cluster().health().status().jsonValue());
        } catch (IOException | RuntimeException e) {
            return false;
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
