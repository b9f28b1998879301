package dev.tandem.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.ingest.FolderClaim;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceInventoryTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:15:30Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;
    @TempDir
    Path home;

    private WorkspaceTree tree;

    @BeforeEach
    void setUp() {
        tree = new WorkspaceTree(root);
    }

    @Test
    void should_apply_a_nested_gitignore_to_its_own_subtree_with_patterns_relative_to_its_folder() throws IOException {
        tree.write("docs/.gitignore", "/draft.md\n");
        tree.write("docs/draft.md", "x");
        tree.write("docs/deeper/draft.md", "x");
        tree.write("draft.md", "x");

        assertThat(scannedPaths()).containsExactly("docs/.gitignore", "docs/deeper/draft.md", "draft.md");
    }

    @Test
    void should_let_a_nested_gitignore_override_its_parent() throws IOException {
        tree.write(".gitignore", "*.log\n");
        tree.write("logs/.gitignore", "!audit.log\n");
        tree.write("logs/audit.log", "x");
        tree.write("logs/debug.log", "x");
        tree.write("audit.log", "x");

        assertThat(scannedPaths()).containsExactly(".gitignore", "logs/.gitignore", "logs/audit.log");
    }

    /** Reading a watched folder's claim in the Tandem that holds it would let the claim go. */
    @Test
    void should_not_read_a_watched_folder_s_claim() throws IOException {
        tree.write("inbox/notes.md", "x");
        try (FolderClaim claim = FolderClaim.tryClaim(root.resolve("inbox")).orElseThrow()) {
            assertThat(scannedPaths()).containsExactly("inbox/notes.md");
        }
    }

    @Test
    void should_keep_a_file_re_included_by_negation() throws IOException {
        tree.write(".gitignore", "*.log\n!keep.log\n");
        tree.write("keep.log", "x");
        tree.write("noise.log", "x");

        assertThat(scannedPaths()).containsExactly(".gitignore", "keep.log");
    }

    @Test
    void should_ignore_only_folders_for_a_pattern_ending_in_slash() throws IOException {
        tree.write(".gitignore", "build/\n");
        tree.write("build/out.class", "x");
        tree.write("module/build/out.class", "x");
        tree.write("tools/build", "a file named build");

        assertThat(scannedPaths()).containsExactly(".gitignore", "tools/build");
    }

    @Test
    void should_ignore_an_anchored_pattern_at_the_root_only() throws IOException {
        tree.write(".gitignore", "/target\n");
        tree.write("target/app.jar", "x");
        tree.write("docs/target/page.md", "x");

        assertThat(scannedPaths()).containsExactly(".gitignore", "docs/target/page.md");
    }

    @Test
    void should_match_double_star_across_any_number_of_folders() throws IOException {
        tree.write(".gitignore", "**/generated/**\nlogs/**/*.tmp\n");
        tree.write("generated/a.java", "x");
        tree.write("src/main/generated/b.java", "x");
        tree.write("logs/x.tmp", "x");
        tree.write("logs/2026/11/y.tmp", "x");
        tree.write("logs/2026/11/y.txt", "x");

        assertThat(scannedPaths()).containsExactly(".gitignore", "logs/2026/11/y.txt");
    }

    @Test
    void should_not_re_include_a_file_whose_parent_folder_is_excluded() throws IOException {
        tree.write(".gitignore", "secret/\n!secret/keep.txt\n");
        tree.write("secret/keep.txt", "x");
        tree.write("secret/.gitignore", "!keep.txt\n");

        assertThat(scannedPaths()).containsExactly(".gitignore");
    }

    @Test
    void should_honour_the_repository_info_exclude_and_skip_the_git_folder() throws IOException {
        tree.write(".git/info/exclude", "*.bak\n");
        tree.write(".git/HEAD", "ref: refs/heads/main\n");
        tree.write("notes.bak", "x");
        tree.write("notes.md", "x");

        assertThat(scannedPaths()).containsExactly("notes.md");
    }

    @Test
    void should_read_info_exclude_from_the_common_git_folder_of_a_linked_worktree(@TempDir Path repository)
            throws IOException {
        new WorkspaceTree(repository).write(".git/info/exclude", "*.bak\n");
        new WorkspaceTree(repository).write(".git/worktrees/wt/commondir", "../..\n");
        tree.write(".git", "gitdir: " + repository.resolve(".git/worktrees/wt") + "\n");
        tree.write("notes.bak", "x");
        tree.write("notes.md", "x");

        assertThat(scannedPaths()).containsExactly("notes.md");
    }

    @Test
    void should_honour_the_global_excludes_file_under_xdg_config_home() throws IOException {
        Path xdg = home.resolve("xdg");
        new WorkspaceTree(xdg).write("git/ignore", ".DS_Store\n");
        tree.write(".DS_Store", "x");
        tree.write("a.md", "x");

        assertThat(scannedPaths(new GitExcludes(home, xdg))).containsExactly("a.md");
    }

    @Test
    void should_honour_the_global_excludes_file_under_dot_config_when_xdg_is_not_set() throws IOException {
        new WorkspaceTree(home).write(".config/git/ignore", "*.swp\n");
        tree.write("a.md.swp", "x");
        tree.write("a.md", "x");

        assertThat(scannedPaths()).containsExactly("a.md");
    }

    @Test
    void should_honour_core_excludes_file_from_gitconfig_over_the_default_location() throws IOException {
        WorkspaceTree homeTree = new WorkspaceTree(home);
        homeTree.write(".gitconfig", "[core]\n\texcludesFile = ~/my-ignores\n");
        homeTree.write("my-ignores", "*.tmp\n");
        homeTree.write(".config/git/ignore", "*.md\n");
        tree.write("a.tmp", "x");
        tree.write("a.md", "x");

        assertThat(scannedPaths()).containsExactly("a.md");
    }

    @Test
    void should_let_the_workspace_gitignore_re_include_what_the_global_excludes_file_ignores() throws IOException {
        new WorkspaceTree(home).write(".config/git/ignore", "*.log\n");
        tree.write(".gitignore", "!important.log\n");
        tree.write("important.log", "x");
        tree.write("other.log", "x");

        assertThat(scannedPaths()).containsExactly(".gitignore", "important.log");
    }

    @Test
    void should_neither_list_nor_follow_symbolic_links(@TempDir Path outside) throws IOException {
        new WorkspaceTree(outside).write("private.txt", "secret");
        Files.createSymbolicLink(root.resolve("linked-folder"), outside);
        Files.createSymbolicLink(root.resolve("linked-file.txt"), outside.resolve("private.txt"));
        tree.write("real.txt", "x");

        assertThat(scannedPaths()).containsExactly("real.txt");
    }

    @Test
    void should_not_list_its_own_output_files_when_scanning_again() {
        tree.write("a.md", "x");
        WorkspaceInventory inventory = inventory(new GitExcludes(home, null));

        inventory.scan();
        InventoryReport second = inventory.scan();

        assertThat(second.fileCount()).isEqualTo(1);
        assertThat(root.resolve(WorkspaceInventory.REGISTRY_FILE)).exists();
        assertThat(root.resolve(WorkspaceInventory.INVENTORY_FILE)).exists();
    }

    @Test
    void should_write_the_registry_with_size_type_modified_time_and_sha256_of_each_file() throws IOException {
        tree.write("README.md", "hello\n");
        Path config = tree.write("src/main/resources/application.yaml", "a: 1\n");
        Files.setLastModifiedTime(config, FileTime.from(Instant.parse("2026-01-02T03:04:05Z")));
        Path output = home.resolve("out");

        InventoryReport report = new WorkspaceInventory(root, output, new GitExcludes(home, null), fixedClock()).scan();

        assertThat(report.registryFile()).isEqualTo(output.resolve("file_registry.json").toString());
        JsonNode registry = JSON.readTree(output.resolve("file_registry.json").toFile());
        assertThat(registry.get("root").asText()).isEqualTo(root.toRealPath().toString());
        assertThat(registry.get("generated_at").asText()).isEqualTo("2026-11-25T10:15:30Z");
        assertThat(registry.get("file_count").asInt()).isEqualTo(2);
        assertThat(registry.get("total_bytes").asLong()).isEqualTo(11);
        JsonNode readme = registry.get("files").get(0);
        assertThat(readme.get("path").asText()).isEqualTo("README.md");
        assertThat(readme.get("size").asLong()).isEqualTo(6);
        assertThat(readme.get("type").asText()).isEqualTo("markdown");
        assertThat(readme.get("sha256").asText())
                .isEqualTo("5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
        JsonNode yaml = registry.get("files").get(1);
        assertThat(yaml.get("path").asText()).isEqualTo("src/main/resources/application.yaml");
        assertThat(yaml.get("type").asText()).isEqualTo("yaml");
        assertThat(yaml.get("modified").asText()).isEqualTo("2026-01-02T03:04:05Z");
    }

    @Test
    void should_write_totals_types_folders_largest_and_recent_files_for_people() throws IOException {
        for (int i = 1; i <= 12; i++) {
            Path file = tree.write("src/File" + i + ".java", "x".repeat(i * 100));
            Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i)));
        }
        Path readme = tree.write("README.md", "x".repeat(5000));
        Files.setLastModifiedTime(readme, FileTime.from(Instant.parse("2025-12-31T00:00:00Z")));

        inventory(new GitExcludes(home, null)).scan();

        String markdown = tree.read(WorkspaceInventory.INVENTORY_FILE);
        assertThat(markdown)
                .contains("- Files: 13\n", "- Total size: 12.5 KiB (12800 bytes)\n")
                .contains("## By type\n\n| Type | Files | Size |\n| --- | ---: | ---: |\n"
                        + "| markdown | 1 | 4.9 KiB |\n| java | 12 | 7.6 KiB |\n")
                .contains("## By top-level folder\n\n| Folder | Files |\n| --- | ---: |\n"
                        + "| (root) | 1 |\n| src/ | 12 |\n");
        assertThat(section(markdown, "## Largest files"))
                .hasSize(10)
                .startsWith("| README.md | 4.9 KiB |", "| src/File12.java | 1.2 KiB |")
                .endsWith("| src/File4.java | 400 B |");
        assertThat(section(markdown, "## Recently changed"))
                .hasSize(10)
                .startsWith("| src/File12.java | 2026-01-01T00:00:12Z |")
                .endsWith("| src/File3.java | 2026-01-01T00:00:03Z |");
    }

    @Test
    void should_return_a_report_that_plain_jackson_serialises() throws IOException {
        tree.write("a.md", "x");

        InventoryReport report = inventory(new GitExcludes(home, null)).scan();

        JsonNode json = JSON.readTree(JSON.writeValueAsString(report));
        assertThat(json.get("fileCount").asInt()).isEqualTo(1);
        assertThat(json.get("totalBytes").asLong()).isEqualTo(1);
        assertThat(json.get("inventoryFile").asText()).endsWith("SYSTEM_INVENTORY.md");
    }

    @Test
    void should_refuse_a_root_that_is_not_a_folder() {
        Path missing = root.resolve("missing");

        assertThatThrownBy(() -> new WorkspaceInventory(missing))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageContaining(missing + " is not a folder");
    }

    private List<String> scannedPaths() throws IOException {
        return scannedPaths(new GitExcludes(home, null));
    }

    private List<String> scannedPaths(GitExcludes excludes) throws IOException {
        inventory(excludes).scan();
        List<String> paths = new ArrayList<>();
        JSON.readTree(root.resolve(WorkspaceInventory.REGISTRY_FILE).toFile()).get("files")
                .forEach(file -> paths.add(file.get("path").asText()));
        return paths;
    }

    private WorkspaceInventory inventory(GitExcludes excludes) {
        return new WorkspaceInventory(root, root, excludes, fixedClock());
    }

    private static Clock fixedClock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    /** The table rows under a heading, without the header and separator lines. */
    private static List<String> section(String markdown, String heading) {
        String rest = markdown.substring(markdown.indexOf(heading) + heading.length());
        int end = rest.indexOf("\n## ");
        return rest.substring(0, end < 0 ? rest.length() : end).lines()
                .filter(line -> line.startsWith("| ") && !line.startsWith("| File") && !line.startsWith("| ---"))
                .toList();
    }
}
