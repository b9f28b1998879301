package dev.tandem.aws.documentdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tandem.config.InvalidSettingException;
import dev.tandem.config.ProjectConfiguration;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS with a CA bundle, as DocumentDB asks: the server's certificate (made here with the JDK's keytool, for
 * 127.0.0.1) is trusted because the configured PEM bundle vouches for it, and only then.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocumentDbTlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;
    private SampleDocumentDb server;
    private TlsFront front;
    private Path bundle;
    private Path otherBundle;

    @BeforeAll
    void start() throws Exception {
        server = SampleDocumentDb.start("grades");
        bundle = certificate("server");
        otherBundle = certificate("stranger");
        front = new TlsFront(dir.resolve("server.p12"), PASSWORD, URI.create(server.uri()).getPort());
    }

    @AfterAll
    void stop() throws Exception {
        front.close();
        server.close();
    }

    @Test
    void should_connect_over_tls_when_the_bundle_vouches_for_the_server() throws Exception {
        try (ToolHarness tools = new ToolHarness(settings(bundle, 5000))) {
            McpSchema.CallToolResult result = tools.call("documentdb_list_collections",
                    Map.of("database", SampleDocumentDb.DATABASE));

            assertThat(result.isError()).as(text(result)).isNotEqualTo(Boolean.TRUE);
            assertThat(result.structuredContent()).isEqualTo(Map.of("database", SampleDocumentDb.DATABASE,
                    "collections", List.of("grades")));
        }
    }

    @Test
    void should_refuse_a_server_the_bundle_does_not_vouch_for() throws Exception {
        try (ToolHarness tools = new ToolHarness(settings(otherBundle, 1000))) {
            McpSchema.CallToolResult result = tools.call("documentdb_list_collections",
                    Map.of("database", SampleDocumentDb.DATABASE));

            assertThat(result.isError()).isTrue();
            assertThat(text(result)).startsWith("The DocumentDB server cannot be reached").contains("PKIX");
        }
    }

    @Test
    void should_stop_start_up_on_a_bundle_without_certificates() throws Exception {
        Path notPem = Files.writeString(dir.resolve("notes.txt"), "not a certificate");

        assertThatThrownBy(() -> CaBundle.sslContext(notPem)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("TANDEM_DOCUMENTDB_CA_FILE").hasMessageContaining("notes.txt");
        assertThatThrownBy(() -> CaBundle.sslContext(dir.resolve("missing.pem")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("missing.pem");
    }

    private ProjectConfiguration.DocumentDb settings(Path caFile, int maxTimeMs) {
        String uri = "mongodb://127.0.0.1:" + front.port() + "/?tls=true";
        return new ProjectConfiguration.DocumentDb(Map.of("samples", uri), false, false, Optional.of(caFile),
                Duration.ofMinutes(10), maxTimeMs, 100, 200);
    }

    /** A self-signed certificate for 127.0.0.1 in {@code <name>.p12}, and its PEM as the bundle that trusts it. */
    private Path certificate(String name) throws Exception {
        Path keyStore = dir.resolve(name + ".p12");
        Path pem = dir.resolve(name + ".pem");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", keyStore.toString(), "-storepass",
                new String(PASSWORD), "-file", pem.toString());
        return pem;
    }

    private static void keytool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }
}
