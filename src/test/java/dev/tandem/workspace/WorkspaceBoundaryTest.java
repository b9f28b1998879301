package dev.tandem.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paths users give stay inside the workspace, whatever they try: absolute paths, {@code ..}, symbolic links. */
class WorkspaceBoundaryTest {

    @TempDir
    Path temp;
    private Path root;
    private Path outside;
    private WorkspaceBoundary boundary;

    @BeforeEach
    void workspace() throws IOException {
        root = Files.createDirectories(temp.resolve("workspace"));
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.createDirectories(root.resolve("src/main"));
        boundary = new WorkspaceBoundary(root);
    }

    @Test
    void should_resolve_a_relative_path_inside_the_workspace_even_when_it_does_not_exist_yet() throws IOException {
        assertThat(boundary.resolve("src/main/new/File.java"))
                .isEqualTo(root.toRealPath().resolve("src/main/new/File.java"));
        assertThat(boundary.resolve("src/../README.md")).isEqualTo(root.toRealPath().resolve("README.md"));
        assertThat(boundary.resolve(".")).isEqualTo(root.toRealPath());
    }

    @Test
    void should_refuse_a_path_that_climbs_above_the_root() {
        assertThatThrownBy(() -> boundary.resolve("src/../../outside/secret"))
                .hasMessage("'src/../../outside/secret' leads outside the workspace; stay inside its root");
    }

    @Test
    void should_refuse_absolute_paths() {
        for (String absolute : new String[] {outside.toString(), "/etc/passwd", "\\windows\\system32"}) {
            assertThatThrownBy(() -> boundary.resolve(absolute)).as(absolute)
                    .hasMessage("'" + absolute + "' is absolute; give a path relative to the workspace root");
        }
    }

    @Test
    void should_ask_for_a_path_when_none_is_given() {
        for (String missing : new String[] {null, "", "  "}) {
            assertThatThrownBy(() -> boundary.resolve(missing)).as(String.valueOf(missing))
                    .hasMessage("A path is needed, relative to the workspace root, such as src/main/resources");
        }
    }

    @Test
    void should_refuse_a_path_the_file_system_cannot_hold() {
        assertThatThrownBy(() -> boundary.resolve("src/a\0b")).hasMessageStartingWith("'src/a\0b' is not a valid path: ");
    }

    @Test
    void should_refuse_a_symbolic_link_that_leads_outside_even_to_a_file_not_yet_written() throws IOException {
        Files.createSymbolicLink(root.resolve("src/escape"), outside);

        assertThatThrownBy(() -> boundary.resolve("src/escape/new.txt")).hasMessage("'src/escape/new.txt' leads"
                + " outside the workspace through a symbolic link; use a path whose folders are inside it");
        assertThatThrownBy(() -> boundary.resolve("src/escape")).hasMessageContaining("through a symbolic link");
    }

    @Test
    void should_follow_a_symbolic_link_that_stays_inside() throws IOException {
        Files.createSymbolicLink(root.resolve("main"), root.resolve("src/main"));

        assertThat(boundary.resolve("main/App.java")).isEqualTo(root.toRealPath().resolve("main/App.java"));
    }

    @Test
    void should_treat_a_link_that_leads_nowhere_as_leaving() throws IOException {
        Files.createSymbolicLink(root.resolve("dangling"), root.resolve("gone"));

        assertThatThrownBy(() -> boundary.resolve("dangling")).hasMessageContaining("through a symbolic link");
    }

    @Test
    void should_accept_a_root_given_through_a_link_and_compare_against_the_real_folder() throws IOException {
        Path alias = Files.createSymbolicLink(temp.resolve("alias"), root);
        WorkspaceBoundary viaAlias = new WorkspaceBoundary(alias);

        assertThat(viaAlias.root()).isEqualTo(root.toRealPath());
        assertThat(viaAlias.resolve("src/main")).isEqualTo(root.toRealPath().resolve("src/main"));
    }

    @Test
    void should_refuse_a_root_that_is_not_a_folder() throws IOException {
        Path file = Files.writeString(temp.resolve("file.txt"), "x");

        assertThatThrownBy(() -> new WorkspaceBoundary(file)).hasMessage("Workspace root " + file
                + " is not a folder; give the path of an existing folder");
        assertThatThrownBy(() -> new WorkspaceBoundary(temp.resolve("missing"))).hasMessageContaining("is not a folder");
    }

    @Test
    void should_show_paths_relative_to_the_root_with_forward_slashes() {
        Path file = boundary.resolve("src/main/App.java");

        assertThat(boundary.relative(file)).isEqualTo("src/main/App.java");
        assertThat(boundary.relative(boundary.root())).isEmpty();
    }
}
