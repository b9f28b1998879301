package dev.tandem.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.RunningTandem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/inbox}: a file dropped on the console lands in the first inbox and is ingested as any file there. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboxUploadTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "inbox-upload-token-2468";
    private static final String READER = "inbox-reader-key-13579bdf";

    @TempDir
    static Path work;
    private Path inbox;
    private RunningTandem tandem;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    void start() throws Exception {
        inbox = work.resolve("inbox");
        tandem = RunningTandem.start(inbox, work.resolve("data"), Map.of(
                "tandem.mcp.token", TOKEN,
                "tandem.api.keys", "reader",
                "tandem.api.keys.reader.token", READER,
                "tandem.api.keys.reader.scopes", "search,ask",
                // files stay in the inbox once read, so a second file of the same name meets the first
                "tandem.ingest.keep", "true",
                "tandem.ingest.max.file.mb", "1",
                "tandem.mcp.max.request.kb", "4096")).authorizeWith(TOKEN);
    }

    @AfterAll
    void stop() throws Exception {
        tandem.close();
    }

    @Test
    void should_put_the_file_in_the_first_inbox_and_index_it() throws Exception {
        HttpResponse<String> sent = upload("uploaded-notes.md", "# Uploaded notes\n\nThe quokka smiles.\n", TOKEN);

        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        JsonNode answer = JSON.readTree(sent.body());
        assertThat(answer.get("source").asText()).isEqualTo(inbox.resolve("uploaded-notes.md").toAbsolutePath()
                .normalize().toString());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(tandem
                .getJson("/api/search?q=quokka&mode=bm25").at("/hits/0/title").asText()).isEqualTo("Uploaded notes"));
        try (Stream<Path> left = Files.list(inbox)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".upload-"));
        }
    }

    @Test
    void should_refuse_to_replace_a_file_of_the_same_name_waiting_in_the_inbox() throws Exception {
        assertThat(upload("twice.md", "first version", TOKEN).statusCode()).isEqualTo(202);

        HttpResponse<String> second = upload("twice.md", "second version", TOKEN);

        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.body()).contains("waiting in the inbox already");
        assertThat(Files.readString(inbox.resolve("twice.md"))).isEqualTo("first version");
    }

    @Test
    void should_refuse_names_that_leave_the_inbox_or_hide_from_it() throws Exception {
        for (String name : new String[] {"../escaped.md", "sub/dir.md", ".hidden.md", "..", ""}) {
            HttpResponse<String> refused = upload(name, "text", TOKEN);
            assertThat(refused.statusCode()).as(name).isEqualTo(400);
            assertThat(refused.body()).as(name).contains("plain file name");
        }
        assertThat(work.resolve("escaped.md")).doesNotExist();
    }

    /** A name the inbox leaves to its program (a download in progress, a lock file) would never be read. */
    @Test
    void should_refuse_names_the_inbox_would_leave_unread() throws Exception {
        for (String name : new String[] {"report.pdf.crdownload", "slides.pdf.part", "~$memo.docx", "notes.TMP"}) {
            HttpResponse<String> refused = upload(name, "text", TOKEN);
            assertThat(refused.statusCode()).as(name).isEqualTo(400);
            assertThat(refused.body()).as(name).contains("would wait in the inbox unread", "final name");
        }
    }

    /** The inbox reads names of at most 245 bytes (its lock file takes 10 of a file name's 255). */
    @Test
    void should_refuse_a_name_longer_than_the_inbox_can_read() throws Exception {
        String name = "é".repeat(123) + ".md"; // 126 characters, 249 bytes

        HttpResponse<String> refused = upload(name, "text", TOKEN);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("at most 245 bytes in UTF-8");
        assertThat(inbox.resolve(name)).doesNotExist();
    }

    @Test
    void should_refuse_a_file_over_the_ingestion_limit_and_an_empty_one() throws Exception {
        HttpResponse<String> large = upload("large.txt", "x".repeat(1024 * 1024 + 1), TOKEN);
        HttpResponse<String> empty = upload("empty.txt", "", TOKEN);

        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(large.body()).contains("TANDEM_INGEST_MAX_FILE_MB");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(inbox.resolve("large.txt")).doesNotExist();
        assertThat(inbox.resolve("empty.txt")).doesNotExist();
    }

    @Test
    void should_report_a_rejected_upload_with_its_reason_in_the_status() throws Exception {
        assertThat(upload("broken.pdf", "%PDF-1.7 this is not really a PDF", TOKEN).statusCode()).isEqualTo(202);

        String source = inbox.resolve("broken.pdf").toAbsolutePath().normalize().toString();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(tandem.ingestStatus()
                .get("recent_failures")).anySatisfy(f -> {
                    assertThat(f.get("source").asText()).isEqualTo(source);
                    assertThat(f.get("reason").asText()).isNotBlank();
                }));
    }

    @Test
    void should_keep_uploads_to_keys_with_the_admin_scope() throws Exception {
        HttpResponse<String> refused = upload("reader.md", "text", READER);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("'admin'");
        assertThat(inbox.resolve("reader.md")).doesNotExist();
    }

    @Test
    void should_take_a_file_sent_as_a_form_byte_for_byte() throws Exception {
        // what curl --data-binary @notes.md sends unless told otherwise; read as form fields, '&', '=' and '+' go
        String content = "# Form notes\n\nThe numbat & the bilby = friends + neighbours.\n";
        HttpResponse<String> sent = upload("form-notes.md", content, TOKEN, "application/x-www-form-urlencoded");

        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        assertThat(JSON.readTree(sent.body()).get("bytes").asInt()).isEqualTo(content.length());
        assertThat(Files.readString(inbox.resolve("form-notes.md"))).isEqualTo(content);
    }

    /** What {@code curl -F file=@notes.md} and a browser's form send: the file part names the file. */
    @Test
    void should_take_a_multipart_upload_under_the_name_of_its_file_part() throws Exception {
        String content = "# Multipart notes\n\nThe wombat digs.\n";

        HttpResponse<String> sent = multipart("", part("file", "C:\\Users\\me\\multipart-notes.md", content));
        HttpResponse<String> named = multipart("?name=renamed.md", part("file", "original.md", "# Renamed\n"));

        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        assertThat(Files.readString(inbox.resolve("multipart-notes.md"))).isEqualTo(content);
        assertThat(named.statusCode()).as(named.body()).isEqualTo(202);
        assertThat(inbox.resolve("renamed.md")).exists();
        assertThat(inbox.resolve("original.md")).doesNotExist();
    }

    @Test
    void should_refuse_a_multipart_upload_of_no_file_or_of_several() throws Exception {
        HttpResponse<String> none = multipart("?name=fields.md", part("note", null, "only a field"));
        HttpResponse<String> two = multipart("?name=two.md", part("a", "a.md", "first"), part("b", "b.md", "second"));
        HttpResponse<String> twoNames = multipart("?name=one.md", part("name", null, "other.md"),
                part("file", "x.md", "text"));

        assertThat(none.statusCode()).as(none.body()).isEqualTo(400);
        assertThat(none.body()).contains("carries one file", "has 0");
        assertThat(two.statusCode()).as(two.body()).isEqualTo(400);
        assertThat(two.body()).contains("carries one file", "has 2");
        assertThat(twoNames.statusCode()).as(twoNames.body()).isEqualTo(400);
        assertThat(twoNames.body()).contains("given 2 times");
        for (String name : new String[] {"fields.md", "two.md", "one.md", "other.md", "[one.md, other.md]"}) {
            assertThat(inbox.resolve(name)).doesNotExist();
        }
    }

    private HttpResponse<String> multipart(String query, String... parts) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(tandem.baseUrl() + "/api/inbox" + query))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "multipart/form-data; boundary=xyz")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("", parts) + "--xyz--\r\n")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A form field, or a file part when it has a file name. */
    private static String part(String field, String fileName, String content) {
        return "--xyz\r\nContent-Disposition: form-data; name=\"" + field + "\""
                + (fileName == null ? "" : "; filename=\"" + fileName + "\"\r\nContent-Type: text/markdown")
                + "\r\n\r\n" + content + "\r\n";
    }

    private HttpResponse<String> upload(String name, String content, String token) throws Exception {
        return upload(name, content, token, "application/octet-stream");
    }

    private HttpResponse<String> upload(String name, String content, String token, String type) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(tandem.baseUrl() + "/api/inbox?name="
                + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + token).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(content)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
