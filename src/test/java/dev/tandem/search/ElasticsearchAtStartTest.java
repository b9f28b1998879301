package dev.tandem.search;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import dev.tandem.RunningTandem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Tandem pointed at an Elasticsearch that does not answer says which one and which setting, not just the socket's
 * words.
 */
class ElasticsearchAtStartTest {

    @TempDir
    Path work;

    @Test
    void should_refuse_to_start_naming_the_elasticsearch_it_could_not_reach_and_its_setting() throws Exception {
        int nobody;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = closed.getLocalPort();
        }
        String url = "http://127.0.0.1:" + nobody;

        assertThatThrownBy(() -> RunningTandem.start(work.resolve("inbox"), work.resolve("data"),
                Map.of("tandem.es.url", url)).close())
                .hasMessageContaining("Tandem could not use Elasticsearch at " + url + " (TANDEM_ES_URL)")
                .hasMessageContaining("Connection refused")
                .hasMessageContaining("unset TANDEM_ES_URL and Tandem starts its own");
    }
}
