package dev.tandem.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.RunningTandem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Files dropped in a watched folder, through the real pipeline into the real Elasticsearch. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FolderIngestionTest {

    private static final Duration INGESTED = Duration.ofSeconds(60);

    @TempDir
    static Path work;
    private Path inbox;
    private RunningTandem tandem;

    @BeforeAll
    void start() throws Exception {
        inbox = work.resolve("inbox");
        tandem = RunningTandem.start(inbox, work.resolve("data"), Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        tandem.close();
    }

    @Test
    void should_index_each_supported_file_type_and_move_it_to_done() throws Exception {
        Fixtures.text(inbox.resolve("guide.md"), "---\ntitle: Front matter title\n---\n# Quokka handbook\n\n"
                + "## Feeding\nThe quokkamd eats leaves.\n");
        Fixtures.text(inbox.resolve("notes.txt"), "Plain notes about the wombattxt burrow.");
        Fixtures.text(inbox.resolve("page.html"), "<html><head><title>Numbat page</title></head>"
                + "<body><h1>Numbat</h1><p>The numbathtml eats termites.</p></body></html>");
        Fixtures.pdf(inbox.resolve("report.pdf"), "Bilby report", "The bilbypdf digs burrows at night.");
        Fixtures.docx(inbox.resolve("memo.docx"), "Dingo memo", "The dingodocx howls at dusk.");
        Fixtures.text(inbox.resolve("data.json"), "{\"animal\": \"echidnajson\", \"diet\": \"ants\"}");
        Fixtures.text(inbox.resolve("src/Main.java"), "class Main { // platypusjava lays eggs\n}\n");

        for (String name : List.of("guide.md", "notes.txt", "page.html", "report.pdf", "memo.docx", "data.json",
                "src/Main.java")) {
            awaitMovedTo(".done", name);
        }
        assertTopHit("quokkamd", "guide.md", "Front matter title");
        assertTopHit("wombattxt", "notes.txt", "notes.txt");
        assertTopHit("numbathtml", "page.html", "Numbat page");
        assertTopHit("bilbypdf", "report.pdf", "Bilby report");
        assertTopHit("dingodocx", "memo.docx", "Dingo memo");
        assertTopHit("echidnajson", "data.json", "data.json");
        assertTopHit("platypusjava", "src/Main.java", "Main.java");
    }

    @Test
    void should_index_the_same_content_only_once() throws Exception {
        String content = "# Kiwi\n\nThe kiwionce bird cannot fly.\n";
        Fixtures.text(inbox.resolve("kiwi.md"), content);
        awaitMovedTo(".done", "kiwi.md");
        // moved to .done is not yet searchable: wait for what the last assertion counts
        await().atMost(INGESTED).until(() -> !hitsFor("kiwionce", "bm25").isEmpty());
        long unchangedBefore = tandem.ingestStatus().get("unchanged").asLong();

        Fixtures.text(inbox.resolve("kiwi.md"), content);
        await().atMost(INGESTED).until(() -> tandem.ingestStatus().get("unchanged").asLong() == unchangedBefore + 1);
        awaitMovedTo(".done", "kiwi.md");
        assertThat(hitsFor("kiwionce", "bm25")).hasSize(1);
    }

    @Test
    void should_replace_the_old_chunks_when_a_file_changes() throws Exception {
        StringBuilder longText = new StringBuilder("# Tapir\n\n");
        for (int i = 0; i < 120; i++) {
            longText.append("The tapirold sentence number ").append(i).append(" talks about forests. ");
        }
        Fixtures.text(inbox.resolve("tapir.md"), longText.toString());
        await().atMost(INGESTED).until(() -> hitsFor("tapirold", "bm25").size() > 2);

        Fixtures.text(inbox.resolve("tapir.md"), "# Tapir\n\nNow only the tapirnew fact remains.\n");
        await().atMost(INGESTED).until(() -> hitsFor("tapirnew", "bm25").size() == 1);
        await().atMost(INGESTED).until(() -> hitsFor("tapirold", "bm25").isEmpty());
        assertThat(hitsFor("tapir", "bm25")).extracting(h -> h.get("source").asText())
                .containsExactly(inbox.resolve("tapir.md").toString());
    }

    @Test
    void should_move_a_file_that_cannot_be_parsed_to_failed_with_its_reason() throws Exception {
        Fixtures.text(inbox.resolve("broken.pdf"), "%PDF-1.7\nthe rest of this PDF is missing");
        Fixtures.text(inbox.resolve("blank.txt"), "   \n  ");

        awaitMovedTo(".failed", "broken.pdf");
        awaitMovedTo(".failed", "blank.txt");
        assertThat(Files.readString(inbox.resolve(".failed/broken.pdf.error.txt")))
                .contains("source: " + inbox.resolve("broken.pdf"))
                .contains("could not be parsed as application/pdf");
        assertThat(Files.readString(inbox.resolve(".failed/blank.txt.error.txt"))).contains("No text found");
        assertThat(tandem.ingestStatus().get("failed").asLong()).isGreaterThanOrEqualTo(2);
    }

    /**
     * A file is read with {@code <name>.camelLock} beside it, so a name may have 245 of a file name's 255 bytes: the
     * longest is read (and rejected with its note), a longer one stays where it is, reported once. Before, every poll
     * failed on it with a warning and a stack trace, twice a second for as long as Tandem ran.
     */
    @Test
    void should_read_the_longest_names_the_lock_allows_and_leave_longer_ones_saying_so() throws Exception {
        String longest = "q".repeat(242) + ".md";
        String brokenLongest = "b".repeat(241) + ".pdf";
        String tooLong = "t".repeat(243) + ".md";
        try (CapturedLog log = CapturedLog.of(WatchedFolderFilter.class)) {
            Fixtures.text(inbox.resolve(tooLong), "# Too long\n\nThe toolongquoll waits.\n");
            Fixtures.text(inbox.resolve(longest), "# Long name\n\nThe longnamedquoll hunts at night.\n");
            Fixtures.text(inbox.resolve(brokenLongest), "%PDF-1.7\nthe rest of this PDF is missing");

            awaitMovedTo(".done", longest);
            awaitMovedTo(".failed", brokenLongest);
            assertThat(log.events()).extracting(e -> e.getMessage().getFormattedMessage())
                    .containsExactly("Not reading " + inbox.resolve(tooLong) + ": its name is 246 bytes, and the lock"
                            + " file Tandem keeps beside a file while it reads it needs 10 more within the 255 a file"
                            + " name may have. Rename it to at most 245 bytes to have it ingested.");
        }
        assertTopHit("longnamedquoll", longest, "Long name");
        assertThat(inbox.resolve(".failed/" + brokenLongest + ".error.txt")).content().contains("could not be parsed");
        assertThat(inbox.resolve(tooLong)).exists();
        assertThat(hitsFor("toolongquoll", "bm25")).isEmpty();
    }

    /**
     * Links to folders are not followed: one to a folder above looped (each file indexed under
     * {@code linked/up/linked/up/...} and moved into as deep a tree), one to a folder elsewhere had its files moved.
     */
    @Test
    void should_not_follow_links_to_folders() throws Exception {
        Path elsewhere = Fixtures.text(work.resolve("elsewhere/kept.md"), "# Kept\n\nThe tuataralink lives elsewhere.\n");
        try (CapturedLog log = CapturedLog.of(WatchedFolderFilter.class)) {
            Files.createDirectories(inbox.resolve("linked"));
            Files.createSymbolicLink(inbox.resolve("linked/up"), inbox);
            Files.createSymbolicLink(inbox.resolve("linked/out"), elsewhere.getParent());
            Fixtures.text(inbox.resolve("linked/here.md"), "# Here\n\nThe kakapolink lives here.\n");

            awaitMovedTo(".done", "linked/here.md");
            // a file is read once a second old: the folder was polled more than once, each link reported once
            assertThat(log.events()).extracting(e -> e.getMessage().getFormattedMessage())
                    .containsExactlyInAnyOrder(
                            "Not following " + inbox.resolve("linked/up") + ", a link to a folder: links inside a"
                                    + " watched folder are not followed (they can loop, or lead to files that are not"
                                    + " the inbox's to move). To ingest its target, add it to TANDEM_INBOX.",
                            "Not following " + inbox.resolve("linked/out") + ", a link to a folder: links inside a"
                                    + " watched folder are not followed (they can loop, or lead to files that are not"
                                    + " the inbox's to move). To ingest its target, add it to TANDEM_INBOX.");
        }
        assertTopHit("kakapolink", "linked/here.md", "Here");
        assertThat(hitsFor("kakapolink", "bm25")).hasSize(1);
        assertThat(inbox.resolve(".done/linked/up")).doesNotExist();
        assertThat(elsewhere).exists();
        assertThat(hitsFor("tuataralink", "bm25")).isEmpty();
    }

    /**
     * A download in progress and an editor's lock file belong to the program writing them: moved away, the download
     * failed and the lock broke. A file dropped after them, a poll later, is read after them had they been taken.
     */
    @Test
    void should_leave_downloads_in_progress_and_lock_files_where_they_are() throws Exception {
        long seen = tandem.ingestStatus().get("seen").asLong();
        List<Path> belongElsewhere = List.of(
                Fixtures.text(inbox.resolve("downloads/report.pdf.crdownload"), "%PDF-1.7 the first half"),
                Fixtures.text(inbox.resolve("downloads/slides.pdf.part"), "%PDF-1.7 the first half"),
                Fixtures.text(inbox.resolve("downloads/~$memo.docx"), "Ada"),
                Fixtures.text(inbox.resolve("downloads/notes.TMP"), "scratch"),
                Fixtures.text(inbox.resolve("downloads/paper.pdf.download/paper.pdf"), "%PDF-1.7 Safari's half"));
        Fixtures.text(inbox.resolve("downloads/first.md"), "# First\n\nThe okapifirst arrived.\n");
        awaitMovedTo(".done", "downloads/first.md");
        Fixtures.text(inbox.resolve("downloads/second.md"), "# Second\n\nThe okapisecond arrived.\n");
        awaitMovedTo(".done", "downloads/second.md");

        assertThat(belongElsewhere).allMatch(Files::exists);
        assertThat(inbox.resolve(".failed/downloads")).doesNotExist();
        assertThat(tandem.ingestStatus().get("seen").asLong()).isEqualTo(seen + 2);
    }

    private void awaitMovedTo(String folder, String name) {
        await().atMost(INGESTED).until(() -> Files.exists(inbox.resolve(folder).resolve(name))
                && !Files.exists(inbox.resolve(name)));
    }

    private void assertTopHit(String word, String name, String title) {
        await().atMost(INGESTED).untilAsserted(() -> {
            List<JsonNode> hits = hitsFor(word, "bm25");
            assertThat(hits).isNotEmpty();
            assertThat(hits.get(0).get("source").asText()).isEqualTo(inbox.resolve(name).toString());
            assertThat(hits.get(0).get("title").asText()).isEqualTo(title);
            assertThat(hits.get(0).get("text").asText()).contains(word);
        });
    }

    private List<JsonNode> hitsFor(String word, String mode) throws Exception {
        JsonNode result = tandem.getJson("/api/search?mode=" + mode + "&k=50&q="
                + URLEncoder.encode(word, StandardCharsets.UTF_8));
        List<JsonNode> hits = new ArrayList<>();
        result.get("hits").forEach(hits::add);
        return hits;
    }
}
