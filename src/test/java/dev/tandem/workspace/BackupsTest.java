package dev.tandem.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.ingest.FolderClaim;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackupsTest {

    private static final Instant MORNING = Instant.parse("2026-11-25T10:15:30.250Z");
    private static final Instant NOON = Instant.parse("2026-11-25T12:00:00Z");
    private static final List<String> ESSENTIALS = List.of("mcp.json", ".env.example", "src/main/resources");

    @TempDir
    Path root;
    @TempDir
    Path outside;

    private WorkspaceTree tree;

    @BeforeEach
    void setUp() throws IOException {
        tree = new WorkspaceTree(root);
        tree.write("mcp.json", "{\"servers\":{}}");
        tree.write("src/main/resources/application.properties", "a=1\n");
        tree.write("src/main/resources/routes/ingest.camel.yaml", "- route: {}\n");
        tree.write("src/main/java/App.java", "class App {}\n");
        new WorkspaceTree(outside).write("passwd", "root:x:0:0\n");
        Files.createSymbolicLink(root.resolve("outside-link"), outside);
    }

    @Test
    void should_copy_every_essential_path_keeping_relative_paths_and_report_the_missing_ones() {
        BackupSet copy = backupsAt(MORNING).create();

        assertThat(copy.id()).isEqualTo("simple_copies/2026-11-25T10-15-30Z");
        assertThat(copy.created()).isEqualTo("2026-11-25T10:15:30Z");
        assertThat(copy.files()).containsExactly("mcp.json", "src/main/resources/application.properties",
                "src/main/resources/routes/ingest.camel.yaml");
        assertThat(copy.bytes()).isEqualTo(14 + 4 + 12);
        assertThat(copy.missing()).containsExactly(".env.example");
        assertThat(root.resolve("backups/simple_copies/2026-11-25T10-15-30Z/src/main/resources/application.properties"))
                .hasContent("a=1");
    }

    @Test
    void should_give_two_copies_made_in_the_same_second_different_ids() {
        Backups backups = backupsAt(MORNING);

        BackupSet first = backups.create();
        BackupSet second = backups.create();

        assertThat(first.id()).isEqualTo("simple_copies/2026-11-25T10-15-30Z");
        assertThat(second.id()).isEqualTo("simple_copies/2026-11-25T10-15-30Z-2");
        assertThat(root.resolve("backups/" + second.id() + "/mcp.json")).exists();
    }

    @Test
    void should_never_copy_the_backups_folder_even_when_the_whole_workspace_is_essential() {
        backupsAt(MORNING).create();

        BackupSet copy = new Backups(root, List.of("."), Clock.fixed(NOON, ZoneOffset.UTC)).create();

        assertThat(copy.files()).noneMatch(file -> file.startsWith("backups/")).contains("src/main/java/App.java");
    }

    /** Reading a watched folder's claim in the Tandem that holds it would let the claim go. */
    @Test
    void should_not_copy_a_watched_folder_s_claim() throws IOException {
        tree.write("inbox/notes.md", "notes\n");
        try (FolderClaim claim = FolderClaim.tryClaim(root.resolve("inbox")).orElseThrow()) {
            BackupSet copy = new Backups(root, List.of("inbox"), Clock.fixed(NOON, ZoneOffset.UTC)).create();

            assertThat(copy.files()).containsExactly("inbox/notes.md");
        }
    }

    @Test
    void should_report_symbolic_links_under_essential_paths_without_following_them() throws IOException {
        Files.createSymbolicLink(root.resolve("src/main/resources/secrets"), outside);

        BackupSet copy = backupsAt(MORNING).create();

        assertThat(copy.skippedLinks()).containsExactly("src/main/resources/secrets");
        assertThat(root.resolve("backups/" + copy.id() + "/src/main/resources/secrets")).doesNotExist();
    }

    @Test
    void should_refuse_an_essential_path_that_leaves_the_workspace() {
        assertThatThrownBy(() -> new Backups(root, List.of("../elsewhere")))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("'../elsewhere' leads outside the workspace");
    }

    @Test
    void should_snapshot_one_file_beside_its_relative_path_with_a_timestamp() {
        Snapshot snapshot = backupsAt(MORNING).snapshotFile("src/main/java/App.java");

        assertThat(snapshot).isEqualTo(new Snapshot("pre_edit_snapshots/src/main/java/App.java.2026-11-25T10-15-30Z",
                "src/main/java/App.java", "2026-11-25T10:15:30Z", 13));
        assertThat(root.resolve("backups/" + snapshot.id())).hasContent("class App {}");
    }

    @Test
    void should_give_two_snapshots_of_a_file_in_the_same_second_different_ids() {
        Backups backups = backupsAt(MORNING);

        Snapshot first = backups.snapshotFile("mcp.json");
        Snapshot second = backups.snapshotFile("mcp.json");

        assertThat(first.id()).isEqualTo("pre_edit_snapshots/mcp.json.2026-11-25T10-15-30Z");
        assertThat(second.id()).isEqualTo("pre_edit_snapshots/mcp.json.2026-11-25T10-15-30Z-2");
    }

    @Test
    void should_refuse_to_snapshot_a_folder_or_a_missing_file() {
        Backups backups = backupsAt(MORNING);

        assertThatThrownBy(() -> backups.snapshotFile("src/main"))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("'src/main' is not a file in the workspace");
        assertThatThrownBy(() -> backups.snapshotFile("nothing.txt"))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("'nothing.txt' is not a file in the workspace");
    }

    @ParameterizedTest
    @ValueSource(strings = { "../etc/passwd", "/etc/passwd", "a/../../x", "outside-link/passwd", "outside-link" })
    void should_refuse_a_path_that_leaves_the_workspace(String path) {
        Backups backups = backupsAt(MORNING);
        String copyId = backups.create().id();

        assertThatThrownBy(() -> backups.snapshotFile(path))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageMatching("'.*' (is absolute|leads outside the workspace).*");
        assertThatThrownBy(() -> backups.restore(copyId, Optional.of(path)))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageMatching("'.*' (is absolute|leads outside the workspace).*");
        assertThat(outside.resolve("passwd")).hasContent("root:x:0:0");
    }

    @Test
    void should_refuse_a_backup_id_that_leaves_the_backups_folder() {
        Backups backups = backupsAt(MORNING);

        assertThatThrownBy(() -> backups.restore("../../etc/passwd", Optional.empty()))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("leads outside the workspace");
        assertThatThrownBy(() -> backups.restore("../mcp.json", Optional.empty()))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("'../mcp.json' is not a backup id");
    }

    @Test
    void should_refuse_to_snapshot_or_restore_into_the_backups_folder() {
        Backups backups = backupsAt(MORNING);
        String copyId = backups.create().id();

        assertThatThrownBy(() -> backups.snapshotFile("backups/" + copyId + "/mcp.json"))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("is inside backups/");
        assertThatThrownBy(() -> backups.restore(copyId, Optional.of("backups/x")))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("is inside backups/");
    }

    @Test
    void should_list_copies_and_snapshots_newest_first_with_their_files_and_bytes() {
        Backups morning = backupsAt(MORNING);
        morning.create();
        morning.snapshotFile("mcp.json");
        backupsAt(NOON).snapshotFile("src/main/java/App.java");

        List<BackupEntry> entries = morning.list();

        assertThat(entries).extracting(BackupEntry::id).containsExactly(
                "pre_edit_snapshots/src/main/java/App.java.2026-11-25T12-00-00Z",
                "pre_edit_snapshots/mcp.json.2026-11-25T10-15-30Z",
                "simple_copies/2026-11-25T10-15-30Z");
        assertThat(entries.get(0)).isEqualTo(new BackupEntry(
                "pre_edit_snapshots/src/main/java/App.java.2026-11-25T12-00-00Z", BackupKind.PRE_EDIT_SNAPSHOT,
                "2026-11-25T12:00:00Z", List.of("src/main/java/App.java"), 13));
        assertThat(entries.get(2).kind()).isEqualTo(BackupKind.SIMPLE_COPY);
        assertThat(entries.get(2).files()).hasSize(3);
        assertThat(entries.get(2).bytes()).isEqualTo(30);
    }

    @Test
    void should_list_backups_of_one_second_in_reverse_order_of_making() {
        Backups backups = backupsAt(MORNING);
        for (int i = 0; i < 11; i++) {
            backups.snapshotFile("mcp.json");
        }

        assertThat(backups.list()).first().extracting(BackupEntry::id)
                .isEqualTo("pre_edit_snapshots/mcp.json.2026-11-25T10-15-30Z-11");
    }

    @Test
    void should_restore_a_whole_copy_and_snapshot_each_file_it_overwrites() {
        String copyId = backupsAt(MORNING).create().id();
        tree.write("mcp.json", "broken");
        tree.write("src/main/resources/extra.txt", "new file, not in the copy");

        RestoreResult result = backupsAt(NOON).restore(copyId, Optional.empty());

        assertThat(tree.read("mcp.json")).isEqualTo("{\"servers\":{}}");
        assertThat(tree.read("src/main/resources/extra.txt")).isEqualTo("new file, not in the copy");
        assertThat(result.restored()).containsExactly("mcp.json", "src/main/resources/application.properties",
                "src/main/resources/routes/ingest.camel.yaml");
        assertThat(result.safetySnapshots()).extracting(Snapshot::file).containsExactly("mcp.json");
        assertThat(root.resolve("backups/" + result.safetySnapshots().get(0).id())).hasContent("broken");
    }

    @Test
    void should_undo_a_restore_by_restoring_its_safety_snapshot() {
        String copyId = backupsAt(MORNING).create().id();
        tree.write("mcp.json", "edited on purpose");
        Backups noon = backupsAt(NOON);
        Snapshot safety = noon.restore(copyId, Optional.of("mcp.json")).safetySnapshots().get(0);

        noon.restore(safety.id(), Optional.empty());

        assertThat(tree.read("mcp.json")).isEqualTo("edited on purpose");
    }

    @Test
    void should_restore_one_file_of_a_copy_and_leave_the_others_alone() throws IOException {
        String copyId = backupsAt(MORNING).create().id();
        Files.delete(root.resolve("mcp.json"));
        tree.write("src/main/resources/application.properties", "a=2\n");

        RestoreResult result = backupsAt(NOON).restore(copyId, Optional.of("mcp.json"));

        assertThat(result.restored()).containsExactly("mcp.json");
        assertThat(result.safetySnapshots()).isEmpty();
        assertThat(tree.read("mcp.json")).isEqualTo("{\"servers\":{}}");
        assertThat(tree.read("src/main/resources/application.properties")).isEqualTo("a=2\n");
    }

    @Test
    void should_restore_a_snapshot_to_the_file_it_was_taken_from() {
        Snapshot snapshot = backupsAt(MORNING).snapshotFile("src/main/java/App.java");
        tree.write("src/main/java/App.java", "class App { broken");

        RestoreResult result = backupsAt(NOON).restore(snapshot.id(), Optional.empty());

        assertThat(result.restored()).containsExactly("src/main/java/App.java");
        assertThat(tree.read("src/main/java/App.java")).isEqualTo("class App {}\n");
    }

    @Test
    void should_not_snapshot_a_file_that_already_holds_the_backed_up_content() {
        String copyId = backupsAt(MORNING).create().id();

        RestoreResult result = backupsAt(NOON).restore(copyId, Optional.empty());

        assertThat(result.restored()).hasSize(3);
        assertThat(result.safetySnapshots()).isEmpty();
    }

    @Test
    void should_refuse_to_restore_a_snapshot_onto_another_file() {
        Snapshot snapshot = backupsAt(MORNING).snapshotFile("mcp.json");

        assertThatThrownBy(() -> backupsAt(NOON).restore(snapshot.id(), Optional.of("other.json")))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("holds 'mcp.json' only, not 'other.json'");
    }

    @Test
    void should_refuse_an_unknown_backup_or_a_path_the_copy_does_not_hold() {
        Backups backups = backupsAt(MORNING);
        String copyId = backups.create().id();

        assertThatThrownBy(() -> backups.restore("simple_copies/2020-01-01T00-00-00Z", Optional.empty()))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("There is no backup 'simple_copies/2020-01-01T00-00-00Z'");
        assertThatThrownBy(() -> backups.restore(copyId, Optional.of("src/main/java/App.java")))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("'src/main/java/App.java' is not in backup");
    }

    @Test
    void should_refuse_to_restore_a_file_where_the_workspace_now_has_a_folder() throws IOException {
        String copyId = backupsAt(MORNING).create().id();
        Files.delete(root.resolve("mcp.json"));
        tree.write("mcp.json/inside.txt", "x");

        assertThatThrownBy(() -> backupsAt(NOON).restore(copyId, Optional.empty()))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("'mcp.json' is a folder or a link in the workspace");
        assertThat(tree.read("src/main/resources/application.properties")).isEqualTo("a=1\n");
    }

    @Test
    void should_return_results_that_plain_jackson_serialises() throws IOException {
        ObjectMapper json = new ObjectMapper();
        Backups backups = backupsAt(MORNING);
        String copyId = backups.create().id();

        JsonNode listed = json.readTree(json.writeValueAsString(backups.list()));
        JsonNode restored = json.readTree(json.writeValueAsString(backups.restore(copyId, Optional.empty())));

        assertThat(listed.get(0).get("kind").asText()).isEqualTo("simple_copy");
        assertThat(listed.get(0).get("created").asText()).isEqualTo("2026-11-25T10:15:30Z");
        assertThat(restored.get("backupId").asText()).isEqualTo(copyId);
    }

    private Backups backupsAt(Instant now) {
        return new Backups(root, ESSENTIALS, Clock.fixed(now, ZoneOffset.UTC));
    }
}
