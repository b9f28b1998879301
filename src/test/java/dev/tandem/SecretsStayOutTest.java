package dev.tandem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tandem.aws.cloudcontrol.RefusingAws;
import dev.tandem.aws.documentdb.RefusingDocumentDb;
import dev.tandem.config.DotEnv;
import dev.tandem.ingest.SwitchableProxy;
import dev.tandem.logging.CapturedLog;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tandem started with a distinct secret in every secret setting, from a {@code .env} file, from system properties
 * and from its properties, then every feature driven down its error paths: the whole log at DEBUG and every answer
 * hold none of them, and the answers say what went wrong without driver state, class names or addresses.
 */
class SecretsStayOutTest {

    private static final String OPENAI_KEY = "sk-openai-key-7d1e5b";
    private static final String MCP_TOKEN = "mcp-token-3f9a2c";
    private static final String DOWN_USER = "dd-user-down-81c4";
    private static final String DOWN_PASSWORD = "dd-pass-down-81c4";
    private static final String LOCKED_USER = "dd-user-locked-5e27";
    private static final String LOCKED_PASSWORD = "dd-pass-locked-5e27";
    private static final String AD_HOC_USER = "dd-user-adhoc-9b3d";
    private static final String AD_HOC_PASSWORD = "dd-pass-adhoc-9b3d";
    private static final String ES_USER = "es-user-26fa";
    private static final String ES_PASSWORD = "es-pass-26fa";
    private static final String OLLAMA_USER = "ollama-user-c0d3";
    private static final String OLLAMA_PASSWORD = "ollama-pass-c0d3";
    private static final String S3_USER = "s3-user-e4b1";
    private static final String S3_PASSWORD = "s3-pass-e4b1";
    private static final String AWS_KEY_ID = "AKIATANDEMTEST4A7Q";
    private static final String AWS_SECRET_KEY = "aws-secret-key-6b2f9d1e";
    private static final String AWS_SESSION_TOKEN = "aws-session-token-0c8e4d";
    private static final String CHAT = "{\"model\": \"tandem\", \"messages\": [{\"role\": \"user\", \"content\":"
            + " \"Hello?\"}], \"tandem\": {\"retrieve\": false}";

    @TempDir
    Path work;
    /** Every answer to a failed request. */
    private final List<String> answers = new ArrayList<>();
    /** Answers that describe the set-up (models with their endpoints, metrics): no secret, but not errors either. */
    private final List<String> descriptions = new ArrayList<>();

    @Test
    void should_show_no_secret_in_the_log_or_in_any_answer_when_every_feature_fails() throws Exception {
        int nobody = closedPort();
        Path dotEnv = Files.write(work.resolve(".env"), List.of(
                "TANDEM_MCP_TOKEN=" + MCP_TOKEN,
                "TANDEM_OPENAI_API_KEY=" + OPENAI_KEY));
        try (SwitchableProxy elasticsearch = new SwitchableProxy(TestElasticsearch.url());
                RefusingDocumentDb locked = new RefusingDocumentDb();
                RefusingAws aws = new RefusingAws()) {
            Files.write(dotEnv, List.of("TANDEM_DOCUMENTDB_CONNECTIONS_LOCKED_URI="
                    + locked.uri(LOCKED_USER, LOCKED_PASSWORD)), StandardOpenOption.APPEND);
            Map<String, String> systemProperties = Map.of(
                    "tandem.documentdb.connections.down.uri",
                    "mongodb://" + DOWN_USER + ":" + DOWN_PASSWORD + "@127.0.0.1:" + nobody + "/",
                    "tandem.ollama.url", "http://" + OLLAMA_USER + ":" + OLLAMA_PASSWORD + "@127.0.0.1:" + nobody,
                    "aws.accessKeyId", AWS_KEY_ID,
                    "aws.secretAccessKey", AWS_SECRET_KEY,
                    "aws.sessionToken", AWS_SESSION_TOKEN);
            Map<String, String> properties = Map.of(
                    "tandem.es.url", "http://" + ES_USER + ":" + ES_PASSWORD + "@127.0.0.1:"
                            + elasticsearch.url().getPort(),
                    "tandem.es.index", "test-secrets-" + UUID.randomUUID().toString().substring(0, 8),
                    "tandem.inbox", work.resolve("inbox").toString(),
                    "tandem.data.dir", work.resolve("data").toString(),
                    "tandem.provider", "bedrock",
                    "tandem.bedrock.endpoint", "http://127.0.0.1:" + nobody,
                    "tandem.documentdb.connections", "down,locked",
                    "tandem.documentdb.allow.adhoc", "true",
                    "tandem.documentdb.max.time.ms", "1500",
                    "tandem.aws.endpoint", aws.endpoint().toString());
            String log;
            try (CapturedLog captured = CapturedLog.start(Level.DEBUG)) {
                try (SystemProperties set = SystemProperties.set(systemProperties);
                        RunningTandem tandem = RunningTandem.startWithDotEnv(DotEnv.load(dotEnv), properties)) {
                    // the guard asks every door for the token
                    tandem.authorizeWith(MCP_TOKEN);
                    exerciseLanguageModels(tandem);
                    exerciseDocumentDb(tandem, nobody);
                    exerciseAws(tandem);
                    exerciseMcp(tandem);
                    answers.add(tandem.post("/api/tools/ingest_status", "application/json", "{}",
                            "Authorization", "Bearer wrong-" + MCP_TOKEN.substring(0, 6)).body());

                    elasticsearch.down();
                    exerciseElasticsearchDown(tandem);
                }
                log = captured.text();
            }

            assertThat(locked.refusedLogins()).as("logins the DocumentDB stand-in refused").isPositive();
            assertThat(aws.refused()).as("calls the AWS stand-in refused").isPositive();
            // the details went to the log: the driver reports refused credentials directly or in its cluster state
            assertThat(log).as("the log was captured at DEBUG").contains(" DEBUG ")
                    .contains("DocumentDB cannot be reached")
                    .containsAnyOf("DocumentDB refused the credentials", "MongoSecurityException");
            assertNoSecretIn(log, answers);
            assertThat(answers).as("answers that show internals").noneSatisfy(answer -> assertThat(answer)
                    .containsAnyOf("com.mongodb", "java.net", "java.lang", "software.amazon", "org.apache", "\tat ",
                            "MongoSocket", "MongoTimeout", "ConnectException", "cluster state", "127.0.0.1:" + nobody));
        }
    }

    @Test
    void should_show_no_secret_when_the_openai_compatible_provider_cannot_be_reached() throws Exception {
        int nobody = closedPort();
        Path dotEnv = Files.write(work.resolve(".env"), List.of("TANDEM_OPENAI_API_KEY=" + OPENAI_KEY));
        String log;
        try (CapturedLog captured = CapturedLog.start(Level.DEBUG)) {
            try (RunningTandem tandem = RunningTandem.startWithDotEnv(DotEnv.load(dotEnv), Map.of(
                    "tandem.es.url", TestElasticsearch.url().toString(),
                    "tandem.es.index", "test-secrets-" + UUID.randomUUID().toString().substring(0, 8),
                    "tandem.inbox", work.resolve("inbox").toString(),
                    "tandem.data.dir", work.resolve("data").toString(),
                    "tandem.ollama.url", "http://127.0.0.1:" + nobody,
                    "tandem.provider", "openai",
                    "tandem.openai.base.url", "http://127.0.0.1:" + nobody + "/v1"))) {
                exerciseLanguageModels(tandem);
            }
            log = captured.text();
        }

        assertThat(answers.get(0)).contains("The OpenAI-compatible API refused the connection")
                .doesNotContain("127.0.0.1:" + nobody);
        assertNoSecretIn(log, answers);
    }

    @Test
    void should_show_no_secret_when_tandem_cannot_start_for_want_of_elasticsearch_or_s3() throws Exception {
        int nobody = closedPort();
        Path dotEnv = Files.write(work.resolve(".env"), List.of("TANDEM_S3_BUCKET=secrets-test",
                "TANDEM_S3_ENDPOINT=http://" + S3_USER + ":" + S3_PASSWORD + "@127.0.0.1:" + nobody));
        Map<String, String> common = Map.of(
                "tandem.es.index", "test-secrets-" + UUID.randomUUID().toString().substring(0, 8),
                "tandem.inbox", work.resolve("inbox").toString(),
                "tandem.data.dir", work.resolve("data").toString());
        Map<String, String> elasticsearchDown = new HashMap<>(common);
        elasticsearchDown.put("tandem.es.url", "http://" + ES_USER + ":" + ES_PASSWORD + "@127.0.0.1:" + nobody);
        Map<String, String> s3Down = new HashMap<>(common);
        s3Down.put("tandem.es.url", TestElasticsearch.url().toString());

        String log;
        Throwable withoutElasticsearch;
        Throwable withoutS3;
        try (CapturedLog captured = CapturedLog.start(Level.DEBUG)) {
            withoutElasticsearch = catchThrowable(() -> RunningTandem.startWithDotEnv(DotEnv.empty(),
                    elasticsearchDown).close());
            withoutS3 = catchThrowable(() -> RunningTandem.startWithDotEnv(DotEnv.load(dotEnv), s3Down).close());
            log = captured.text();
        }

        assertThat(withoutElasticsearch).as("Tandem does not start without its Elasticsearch").isNotNull();
        assertThat(withoutS3).as("Tandem does not start without its S3 bucket").isNotNull();
        for (Throwable failure : List.of(withoutElasticsearch, withoutS3)) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                answers.add(String.valueOf(cause.getMessage()));
            }
        }
        assertNoSecretIn(log, answers);
    }

    private void exerciseLanguageModels(RunningTandem tandem) throws Exception {
        HttpResponse<String> chat = tandem.post("/v1/chat/completions", "application/json", CHAT + "}");
        assertThat(chat.statusCode()).as(chat.body()).isGreaterThanOrEqualTo(500);
        answers.add(chat.body());
        answers.add(tandem.post("/v1/chat/completions", "application/json", CHAT + ", \"stream\": true}").body());
        descriptions.add(tandem.get("/v1/models").body());
    }

    private void exerciseDocumentDb(RunningTandem tandem, int nobody) throws Exception {
        String down = tool(tandem, "documentdb_find", "{\"connection\": \"down\", \"database\": \"shop\","
                + " \"collection\": \"orders\"}");
        assertThat(down).contains("The DocumentDB server cannot be reached");
        String refused = tool(tandem, "documentdb_find", "{\"connection\": \"locked\", \"database\": \"shop\","
                + " \"collection\": \"orders\"}");
        assertThat(refused).contains("refused the user name or password");
        tool(tandem, "documentdb_connect", "{\"connection\": \"adhoc\", \"uri\": \"mongodb://" + AD_HOC_USER + ":"
                + AD_HOC_PASSWORD + "@127.0.0.1:" + nobody + "/\"}");
        tool(tandem, "documentdb_list_databases", "{\"connection\": \"adhoc\"}");
        tool(tandem, "documentdb_connect", "{\"connection\": \"adhoc2\", \"uri\": \"mongodb://" + AD_HOC_USER + ":"
                + AD_HOC_PASSWORD + "@[not-a-host/\"}");
    }

    private void exerciseAws(RunningTandem tandem) throws Exception {
        String refused = tool(tandem, "aws_list_resources", "{\"type_name\": \"AWS::S3::Bucket\"}");
        assertThat(refused).contains("AWS refused");
        tool(tandem, "aws_get_session_info", "{}");
        tool(tandem, "aws_get_resource", "{\"type_name\": \"AWS::S3::Bucket\", \"identifier\": \"my-bucket\"}");
    }

    private void exerciseMcp(RunningTandem tandem) {
        McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(tandem.baseUrl())
                        .endpoint("/mcp")
                        .httpRequestCustomizer((request, method, uri, body, context) ->
                                request.header("Authorization", "Bearer " + MCP_TOKEN))
                        .build())
                .requestTimeout(Duration.ofSeconds(30)).build();
        try {
            client.initialize();
            for (Map.Entry<String, Map<String, Object>> call : Map.of(
                    "documentdb_list_collections", Map.<String, Object>of("connection", "locked", "database", "shop"),
                    "documentdb_count_documents", Map.<String, Object>of("connection", "down", "database", "shop",
                            "collection", "orders"),
                    "aws_get_session_info", Map.<String, Object>of(),
                    "ask", Map.<String, Object>of("question", "Hello?")).entrySet()) {
                McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(call.getKey(),
                        call.getValue()));
                assertThat(result.isError()).as(call.getKey()).isTrue();
                answers.add(result.toString());
            }
        } finally {
            client.closeGracefully();
        }
    }

    private void exerciseElasticsearchDown(RunningTandem tandem) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> tandem.get("/observe/health").statusCode() == 503);
        answers.add(tandem.get("/observe/health").body());
        descriptions.add(tandem.get("/observe/metrics").body());
        HttpResponse<String> search = tandem.get("/api/search?q=note");
        assertThat(search.statusCode()).isEqualTo(503);
        assertThat(search.body()).contains("Elasticsearch cannot be reached");
        answers.add(search.body());
        assertThat(tool(tandem, "search_documents", "{\"query\": \"note\"}"))
                .contains("Elasticsearch cannot be reached");
        tool(tandem, "aws_inventory_search", "{\"query\": \"bucket\"}");
    }

    private String tool(RunningTandem tandem, String name, String arguments) throws Exception {
        String answer = tandem.post("/api/tools/" + name, "application/json", arguments,
                "Authorization", "Bearer " + MCP_TOKEN).body();
        answers.add(answer);
        return answer;
    }

    /** Each secret as set, and its URL-decoded and Basic-header forms where it is a URL's user info. */
    private static Map<String, String> secrets() {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("OpenAI API key", OPENAI_KEY);
        secrets.put("MCP token", MCP_TOKEN);
        secrets.put("AWS access key id", AWS_KEY_ID);
        secrets.put("AWS secret key", AWS_SECRET_KEY);
        secrets.put("AWS session token", AWS_SESSION_TOKEN);
        for (String[] credentials : List.of(new String[] {DOWN_USER, DOWN_PASSWORD},
                new String[] {LOCKED_USER, LOCKED_PASSWORD}, new String[] {AD_HOC_USER, AD_HOC_PASSWORD},
                new String[] {ES_USER, ES_PASSWORD}, new String[] {OLLAMA_USER, OLLAMA_PASSWORD},
                new String[] {S3_USER, S3_PASSWORD})) {
            secrets.put("user " + credentials[0], credentials[0]);
            secrets.put("password of " + credentials[0], credentials[1]);
            secrets.put("Basic header of " + credentials[0], Base64.getEncoder().encodeToString(
                    (credentials[0] + ":" + credentials[1]).getBytes(StandardCharsets.UTF_8)));
        }
        return secrets;
    }

    private void assertNoSecretIn(String log, List<String> errors) {
        List<String> all = new ArrayList<>(errors);
        all.addAll(descriptions);
        secrets().forEach((what, secret) -> {
            assertThat(log).as("the log holds the " + what).doesNotContain(secret);
            assertThat(all).as("an answer holds the " + what).noneSatisfy(a -> assertThat(a).contains(secret));
        });
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** System properties set for the test, and put back as they were afterwards. */
    private static final class SystemProperties implements AutoCloseable {

        private final Map<String, String> previous = new HashMap<>();

        static SystemProperties set(Map<String, String> values) {
            SystemProperties set = new SystemProperties();
            values.forEach((name, value) -> {
                set.previous.put(name, System.getProperty(name));
                System.setProperty(name, value);
            });
            return set;
        }

        @Override
        public void close() {
            previous.forEach((name, value) -> {
                if (value == null) {
                    System.clearProperty(name);
                } else {
                    System.setProperty(name, value);
                }
            });
        }
    }
}
