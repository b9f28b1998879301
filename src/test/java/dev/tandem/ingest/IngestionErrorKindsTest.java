package dev.tandem.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tandem.RunningTandem;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Header;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A document the parser rejects goes to .failed/; a bug (here an NPE thrown by the analyser, replaced in the registry,
 * for files whose name says so) leaves the file in place to be tried again, logged at ERROR with its stack trace and
 * counted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestionErrorKindsTest {

    private static final Duration INGESTED = Duration.ofSeconds(60);
    private static final Pattern ERRORS = Pattern.compile("tandem_ingest_errors_total\\{kind=\"(\\w+)\",?} (\\S+)");

    @TempDir
    static Path work;
    private Path inbox;
    private RunningTandem tandem;
    @BeforeAll
    void start() throws Exception {
        inbox = work.resolve("inbox");
        tandem = RunningTandem.start(inbox, work.resolve("data"),
                Map.of("camel.main.configurationClasses", BuggyAnalyzer.class.getName()));
    }

    /** The analyser with a bug: an NPE for "bug-always" files, and for "bug-once" files at their first attempt. */
    public static final class BuggyAnalyzer implements CamelConfiguration {

        private static final Set<String> FIRED = ConcurrentHashMap.newKeySet();
        private final DocumentAnalyzer analyzer = new DocumentAnalyzer();

        @Override
        public void configure(CamelContext context) {
            context.getRegistry().unbind("documentAnalyzer");
            context.getRegistry().bind("documentAnalyzer", this);
        }

        public AnalyzedDocument analyze(ParsedDocument doc, @Header(IngestHeaders.NAME) String name) {
            if (name.startsWith("bug-always") || name.startsWith("bug-once") && FIRED.add(name)) {
                String missing = null;
                missing.length();
            }
            return analyzer.analyze(doc);
        }
    }

    @AfterAll
    void stop() throws Exception {
        tandem.close();
    }

    @Test
    void should_leave_the_file_in_place_and_log_the_stack_trace_when_a_bug_stops_it() throws Exception {
        double internalBefore = errors("internal");
        try (CapturedLog log = CapturedLog.of(InternalErrors.class)) {
            Fixtures.text(inbox.resolve("bug-once.md"), "# Potoroo\n\nThe potoroobug hops at night.\n");

            // tried again at the next poll from the inbox, where it stayed, and indexed then
            await().atMost(INGESTED).until(() -> Files.exists(inbox.resolve(".done/bug-once.md")));
            // searchable once Elasticsearch refreshes the index (near real time)
            await().atMost(INGESTED).untilAsserted(() -> assertThat(
                    tandem.getJson("/api/search?mode=bm25&q=potoroobug").get("hits")).hasSize(1));
            assertThat(inbox.resolve(".failed/bug-once.md")).doesNotExist();
            assertThat(inbox.resolve(".failed/bug-once.md.error.txt")).doesNotExist();
            assertThat(log.events()).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.ERROR);
                assertThat(event.getMessage().getFormattedMessage()).contains("bug-once.md").contains("left in place");
                assertThat(event.getThrown()).isInstanceOf(NullPointerException.class);
                assertThat(event.getThrown().getStackTrace()).isNotEmpty();
            });
        }
        assertThat(errors("internal")).isEqualTo(internalBefore + 1);
    }

    @Test
    void should_move_the_file_to_failed_saying_it_was_internal_after_three_attempts() throws Exception {
        double internalBefore = errors("internal");
        double rejectedBefore = errors("rejected");
        Fixtures.text(inbox.resolve("bug-always.md"), "# Bettong\n\nThe bettongbug digs.\n");

        await().atMost(INGESTED).until(() -> Files.exists(inbox.resolve(".failed/bug-always.md.error.txt")));
        assertThat(inbox.resolve(".failed/bug-always.md")).exists();
        assertThat(Files.readString(inbox.resolve(".failed/bug-always.md.error.txt")))
                .contains("internal error, not a problem of the document");
        assertThat(errors("internal")).isEqualTo(internalBefore + InternalErrors.ATTEMPTS);
        assertThat(errors("rejected")).isEqualTo(rejectedBefore);
    }

    @Test
    void should_still_move_a_rejected_document_to_failed_with_its_reason() throws Exception {
        double internalBefore = errors("internal");
        double rejectedBefore = errors("rejected");
        Fixtures.text(inbox.resolve("blank.txt"), "   \n");

        await().atMost(INGESTED).until(() -> Files.exists(inbox.resolve(".failed/blank.txt.error.txt")));
        assertThat(Files.readString(inbox.resolve(".failed/blank.txt.error.txt"))).contains("No text found");
        assertThat(errors("rejected")).isEqualTo(rejectedBefore + 1);
        assertThat(errors("internal")).isEqualTo(internalBefore);
    }

    /** The counter as /observe/metrics shows it. */
    private double errors(String kind) throws Exception {
        Matcher m = ERRORS.matcher(tandem.get("/observe/metrics").body());
        while (m.find()) {
            if (m.group(1).equals(kind)) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError("/observe/metrics shows no tandem_ingest_errors_total{kind=\"" + kind + "\"}");
    }
}
