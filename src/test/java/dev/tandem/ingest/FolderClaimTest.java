package dev.tandem.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One Tandem per watched folder: the claim against this process and against another, alive or killed. */
class FolderClaimTest {

    @TempDir
    Path folder;

    @Test
    void should_let_one_claim_in_this_process_hold_a_folder_until_it_lets_go() throws Exception {
        try (FolderClaim first = FolderClaim.tryClaim(folder).orElseThrow()) {
            assertThat(FolderClaim.tryClaim(folder)).isEmpty();
            assertThat(FolderClaim.tryClaim(folder.resolve("sub/..").resolve("."))).isEmpty();
            assertThat(FolderClaim.holderOf(folder)).isEqualTo("another Tandem in this process");
        }
        try (FolderClaim again = FolderClaim.tryClaim(folder).orElseThrow()) {
            assertThat(again.folder()).isEqualTo(folder.toAbsolutePath().normalize());
        }
    }

    @Test
    void should_leave_a_folder_another_process_holds_until_that_process_ends_even_killed() throws Exception {
        FolderClaimHolder.Child other = FolderClaimHolder.start(folder);
        try {
            assertThat(other.said()).isEqualTo("claimed");
            assertThat(FolderClaim.tryClaim(folder)).isEmpty();
            assertThat(FolderClaim.holderOf(folder)).isEqualTo("Tandem pid " + other.process().pid() + " on "
                    + InetAddress.getLocalHost().getHostName());
        } finally {
            other.process().destroyForcibly(); // SIGKILL: no chance to let go itself
            assertThat(other.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (FolderClaim mine = FolderClaim.tryClaim(folder).orElseThrow()) {
            assertThat(FolderClaimHolder.start(folder).saidAndEnded()).isEqualTo("held");
        }
    }

    /**
     * Closing any descriptor of the claim's file ends the process's lock on it (POSIX): a second claim, or asking who
     * holds the folder, in the claiming process must not open the file.
     */
    @Test
    void should_keep_the_claim_when_this_process_claims_again_or_asks_who_holds_it() throws Exception {
        try (FolderClaim mine = FolderClaim.tryClaim(folder).orElseThrow()) {
            assertThat(FolderClaim.tryClaim(folder)).isEmpty();
            FolderClaim.holderOf(folder);

            assertThat(FolderClaimHolder.start(folder).saidAndEnded()).isEqualTo("held");
        }
    }
}
